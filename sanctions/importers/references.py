"""Agencies, programs, authorities and measures as an import finds or creates them."""

from django.utils.text import slugify

from ..models import Agency, LegalAuthority, Measure, Program
from .records import ImportFileError
from .reference import AGENCIES, LISTS, known_authority, known_program


class References:
    """Reference data for one import, looked up once and created where missing."""

    def __init__(self, slug, entries, authorities=None):
        # Legal authorities the list defines itself (OFAC's XML legal bases), by slug.
        self.listed_authorities = authorities or {}
        self.authority_ids = {}
        self.agencies = {}
        self.programs = {}
        self.program_authorities = {}
        self.measures = dict(Measure.objects.values_list("slug", "id"))
        if LISTS[slug].agency:
            self.agency(LISTS[slug].agency)
        for entry in entries:
            for listing in entry.listings:
                self.program(listing.agency, listing.program, listing.program_name)

    def agency(self, slug):
        """The agency with this slug, created from the known agencies if missing."""
        if slug not in self.agencies:
            agency = Agency.objects.filter(slug=slug).first()
            if agency is None:
                agency = self._create_agency(slug)
            self.agencies[slug] = agency
        return self.agencies[slug]

    def _create_agency(self, slug):
        if slug not in AGENCIES:
            raise ImportFileError("", "", f"agency {slug!r} is unknown: add it in the admin first")
        name, acronym, country, website, parent = AGENCIES[slug]
        agency = Agency(slug=slug, name=name, acronym=acronym, country=country, website=website)
        agency.parent = self.agency(parent) if parent else None
        agency.save()
        return agency

    def program(self, agency_slug, code, name=""):
        """The agency's program with this code (None for no code), created if missing."""
        if not code:
            return None
        code = code[: Program._meta.get_field("code").max_length]
        key = (agency_slug, code)
        if key not in self.programs:
            agency = self.agency(agency_slug)
            program = Program.objects.filter(agency=agency, code=code).first()
            self.programs[key] = program or self._create_program(agency, code, name)
        return self.programs[key]

    def _create_program(self, agency, code, name):
        known = known_program(agency.slug, code)
        program = Program(
            agency=agency,
            code=code,
            name=(name or (known.name if known else ""))[:300],
            slug=self._free_slug(f"{agency.slug}-{slugify(code)}"[:90]),
            status=known.status if known else "active",
        )
        program.save()
        slugs = known.authorities if known else ()
        program.authorities.set([self._authority(slug) for slug in slugs])
        return program

    @staticmethod
    def _free_slug(base):
        slug, number = base, 1
        while Program.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _authority(self, slug):
        authority = LegalAuthority.objects.filter(slug=slug).first()
        if authority is None:
            known = self.listed_authorities.get(slug) or known_authority(slug)
            authority = LegalAuthority(
                slug=slug,
                title=known.title,
                kind=known.kind,
                country=known.country,
                citation=known.citation,
                # What the EU's files give of their acts (records.AuthorityInfo).
                enacted_on=getattr(known, "enacted_on", None),
                url=getattr(known, "url", ""),
            )
            authority.save()
        return authority

    def authorities(self, program):
        """The program's legal authorities as the database maps them now."""
        if program is None:
            return []
        if program.pk not in self.program_authorities:
            ids = list(program.authorities.values_list("id", flat=True))
            self.program_authorities[program.pk] = ids
        return self.program_authorities[program.pk]

    def listed_authority_ids(self, slugs):
        """The ids of authorities a listing names itself, created where missing."""
        for slug in slugs:
            if slug not in self.authority_ids:
                self.authority_ids[slug] = self._authority(slug).pk
        return [self.authority_ids[slug] for slug in slugs]

    def measure_ids(self, slugs):
        return [self.measures[slug] for slug in sorted(slugs) if slug in self.measures]

    def designation_key(self, item):
        program = self.program(item["agency"], item["program"], item.get("program_name", ""))
        return (self.agency(item["agency"]).pk, program.pk if program else None)
