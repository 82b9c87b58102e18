"""factory_boy factories. Tests that exercise behaviour go through the services."""

import factory
from django.contrib.auth.hashers import make_password

from communities.models import User

PASSWORD = "a-long-test-password-2026"
_HASHED_PASSWORD = make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    organisation = factory.Faker("company")
    country = "SN"
    timezone = "Africa/Dakar"
    language = "en"
    password = _HASHED_PASSWORD
