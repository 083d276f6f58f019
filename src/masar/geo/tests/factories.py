import factory

from masar.geo.models import AdminArea, Location, Site


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    external_id = factory.Sequence(lambda n: f"T{n:06d}")
    name_en = factory.Sequence(lambda n: f"Village {n}")
    name_ar = factory.Sequence(lambda n: f"قرية {n}")
    area = factory.LazyFunction(lambda: AdminArea.objects.get(pcode="IQG15Q05N01"))
    governorate = factory.LazyAttribute(lambda o: AdminArea.objects.get(pcode=o.area.pcode[:5]))
    latitude = 36.3
    longitude = 43.1


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    external_id = factory.Sequence(lambda n: f"S{n:05d}")
    name = factory.Sequence(lambda n: f"Camp {n}")
    kind = "camp"
    location = factory.SubFactory(LocationFactory)
    governorate = factory.LazyAttribute(lambda o: o.location.governorate)


def location_in(pcode: str, **kwargs) -> Location:
    return LocationFactory(area=AdminArea.objects.get(pcode=pcode), **kwargs)


def site_in(pcode: str, **kwargs) -> Site:
    return SiteFactory(location=location_in(pcode), **kwargs)
