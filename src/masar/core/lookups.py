"""How the API's detail routes name a record: by its public UUID, checked by the router."""

UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class UidLookup:
    """Look records up by `uid`, and route only a well-formed UUID to the viewset.

    A malformed identifier then answers 404 at the router, as the pages' `<uuid:…>` paths do,
    instead of reaching a database lookup that raises a validation error (a 500). Upper-case
    hexadecimal is accepted because the UUID field reads it as the same record.
    """

    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
