"""Masar: information management for displacement tracking and durable solutions."""

__version__ = "0.1.0"
