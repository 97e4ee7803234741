"""Complete the programs imports created before the program reference knew them.

Programs such as OFAC's IFSR, IRAN or SYRIA tags, or the UN's Iran list, were created with
neither a name nor a legal authority. From ``fixtures/programs.json`` this fills a blank name
and an empty set of authorities (creating the authorities it names); a program an analyst
has named or mapped is left as it is. New programs get the same values when an import
creates them.
"""

from django.db import migrations

from sanctions.importers.reference import PROGRAMS, known_authority


def complete_programs(apps, schema_editor):
    Program = apps.get_model("sanctions", "Program")
    LegalAuthority = apps.get_model("sanctions", "LegalAuthority")
    for program in Program.objects.select_related("agency"):
        known = PROGRAMS.get((program.agency.slug, program.code))
        if known is None:
            continue
        if not program.name:
            program.name = known.name
            program.save(update_fields=["name", "last_updated"])
        if not program.authorities.exists():
            program.authorities.set(
                [_authority(LegalAuthority, slug) for slug in known.authorities]
            )


def _authority(LegalAuthority, slug):
    known = known_authority(slug)
    authority, _ = LegalAuthority.objects.get_or_create(
        slug=slug,
        defaults={
            "title": known.title,
            "kind": known.kind,
            "country": known.country,
            "citation": known.citation,
        },
    )
    return authority


class Migration(migrations.Migration):
    dependencies = [("sanctions", "0008_subject_pairs_and_merges")]

    operations = [migrations.RunPython(complete_programs, migrations.RunPython.noop)]
