"""Shared test factories (factory_boy). Groups are Wagtail pages: build them with
make_group(), which puts them under the one group index page."""

import factory
from allauth.account.models import EmailAddress
from wagtail.models import Page, Site

from community import services
from community.models import Folder, GroupIndexPage, GroupPage, Membership, Organisation, User
from home.models import HomePage

PASSWORD = "Test-wachtwoord-2026"


def municipality(code="GM0344"):
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        # Transactional tests flush the organisations the data migration loaded.
        from community import organisations
        from community.models import OrganisationDomain

        organisations.load(Organisation, OrganisationDomain)
        org = Organisation.objects.get(code=code)
    return org


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"lid{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"lid{n}@utrecht.nl")
    organisation = factory.LazyFunction(municipality)
    kind = User.Kind.MEMBER
    default_signal_frequency = "direct"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class GuestFactory(UserFactory):
    kind = User.Kind.GUEST
    email = factory.Sequence(lambda n: f"gast{n}@minjenv.nl")
    organisation = None


def make_editor(totp=True, **kwargs):
    """An editor. Editor powers need a second factor, so by default the editor has TOTP;
    totp=False makes one who has not enrolled yet (an ordinary member until they do)."""
    from home.editors import ensure_editor_group

    user = UserFactory(**kwargs)
    user.groups.add(ensure_editor_group())
    if totp:
        with_totp(user)
    return user


def site_root():
    from wagtail.models import Locale

    home = HomePage.objects.first()
    if home:
        return home
    # Transactional tests flush migration data (Wagtail's locale and root page) afterwards.
    Locale.objects.get_or_create(language_code="nl")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="OOV-netwerk", slug="oov-netwerk")
    root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        return home
    old = site.root_page
    site.root_page = home
    site.save()
    if old.pk != home.pk and old.specific_class is Page:
        old.delete()
    return home


def group_index():
    index = GroupIndexPage.objects.first()
    if index:
        return index
    index = GroupIndexPage(title="Groepen", slug="groepen")
    site_root().add_child(instance=index)
    return index


def make_group(title="Veiligheidsbeleid", kind=GroupPage.Kind.GENERAL, folders=("Algemeen",),
               description=None, slug=None):
    from django.utils.text import slugify

    group = GroupPage(
        title=title, slug=slug or slugify(title), kind=kind,
        description=description or f"Openbare omschrijving van {title}.",
    )
    group_index().add_child(instance=group)
    for position, name in enumerate(folders, start=1):
        services.create_folder(group=group, title=name, position=position)
    return group


def folder_of(group, title=None):
    qs = Folder.objects.filter(group=group)
    return qs.get(title=title) if title else qs.first()


def member_of(group, user=None, role=Membership.Role.MEMBER, frequency=None):
    user = user or UserFactory()
    services.add_member(user=user, group=group, role=role, frequency=frequency)
    return user


def with_totp(user):
    """Give the user a TOTP authenticator (the second factor the CMS requires).
    Returns the secret, so a test can compute codes."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
