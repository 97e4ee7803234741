"""Every fact knows its source: ``source`` on every part of a subject and on relationships,
with its uniqueness per source. ``0013_attach_fact_sources`` attaches the existing rows.
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sanctions", "0012_xref_runs"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="alias",
            name="alias_unique_name_per_subject",
        ),
        migrations.RemoveConstraint(
            model_name="birthdate",
            name="birthdate_unique_per_subject",
        ),
        migrations.RemoveConstraint(
            model_name="birthplace",
            name="birthplace_unique_per_subject",
        ),
        migrations.RemoveConstraint(
            model_name="identifier",
            name="identifier_unique_per_subject",
        ),
        migrations.RemoveConstraint(
            model_name="nationality",
            name="nationality_unique_per_subject",
        ),
        migrations.RemoveConstraint(
            model_name="relationship",
            name="relationship_unique",
        ),
        migrations.AddField(
            model_name="address",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="addresses",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="alias",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="aliases",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="birthdate",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="birth_dates",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="birthplace",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="birth_places",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="historicaladdress",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="historicalalias",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="historicalbirthdate",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="historicalbirthplace",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="historicalidentifier",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="historicalnationality",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="historicalrelationship",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="identifier",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="identifiers",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="nationality",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="nationalities",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="relationship",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="The official list entry that gives this fact; empty when an analyst entered it. Imports change only their own list's facts.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="relationships",
                to="sanctions.listentry",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="description",
            field=models.TextField(
                blank=True,
                help_text="Your own value. Leave it empty to show each list's value with its source; fill it in to show this instead. Imports do not set it.",
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="gender",
            field=models.CharField(
                blank=True,
                choices=[("male", "Male"), ("female", "Female"), ("other", "Other")],
                help_text="Your own value. Leave it empty to show each list's value with its source; fill it in to show this instead. Imports do not set it.",
                max_length=10,
                verbose_name="gender",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="position",
            field=models.CharField(
                blank=True,
                help_text="Your own value. Leave it empty to show each list's value with its source; fill it in to show this instead. Imports do not set it.",
                max_length=500,
                verbose_name="position",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="remarks",
            field=models.TextField(
                blank=True,
                help_text="Your own value. Leave it empty to show each list's value with its source; fill it in to show this instead. Imports do not set it.",
                verbose_name="remarks",
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="description",
            field=models.TextField(
                blank=True,
                help_text="Your own value. Leave it empty to show each list's value with its source; fill it in to show this instead. Imports do not set it.",
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="gender",
            field=models.CharField(
                blank=True,
                choices=[("male", "Male"), ("female", "Female"), ("other", "Other")],
                help_text="Your own value. Leave it empty to show each list's value with its source; fill it in to show this instead. Imports do not set it.",
                max_length=10,
                verbose_name="gender",
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="position",
            field=models.CharField(
                blank=True,
                help_text="Your own value. Leave it empty to show each list's value with its source; fill it in to show this instead. Imports do not set it.",
                max_length=500,
                verbose_name="position",
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="remarks",
            field=models.TextField(
                blank=True,
                help_text="Your own value. Leave it empty to show each list's value with its source; fill it in to show this instead. Imports do not set it.",
                verbose_name="remarks",
            ),
        ),
        migrations.AddConstraint(
            model_name="alias",
            constraint=models.UniqueConstraint(
                models.F("subject"),
                django.db.models.functions.text.Lower("name"),
                condition=models.Q(("source__isnull", True)),
                name="alias_unique_name_per_subject",
                violation_error_message="This subject already has this alias.",
            ),
        ),
        migrations.AddConstraint(
            model_name="alias",
            constraint=models.UniqueConstraint(
                models.F("source"),
                models.F("subject"),
                django.db.models.functions.text.Lower("name"),
                condition=models.Q(("source__isnull", False)),
                name="alias_unique_name_per_source",
                violation_error_message="This list entry already gives this alias.",
            ),
        ),
        migrations.AddConstraint(
            model_name="birthdate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source__isnull", True)),
                fields=("subject", "value"),
                name="birthdate_unique_per_subject",
                violation_error_message="This subject already has this date of birth.",
            ),
        ),
        migrations.AddConstraint(
            model_name="birthdate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source__isnull", False)),
                fields=("source", "subject", "value"),
                name="birthdate_unique_per_source",
                violation_error_message="This list entry already gives this date of birth.",
            ),
        ),
        migrations.AddConstraint(
            model_name="birthplace",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source__isnull", True)),
                fields=("subject", "place"),
                name="birthplace_unique_per_subject",
                violation_error_message="This subject already has this place of birth.",
            ),
        ),
        migrations.AddConstraint(
            model_name="birthplace",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source__isnull", False)),
                fields=("source", "subject", "place"),
                name="birthplace_unique_per_source",
                violation_error_message="This list entry already gives this place of birth.",
            ),
        ),
        migrations.AddConstraint(
            model_name="identifier",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source__isnull", True)),
                fields=("subject", "kind", "number", "country"),
                name="identifier_unique_per_subject",
                violation_error_message="This subject already has this identifier.",
            ),
        ),
        migrations.AddConstraint(
            model_name="identifier",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source__isnull", False)),
                fields=("source", "subject", "kind", "number", "country"),
                name="identifier_unique_per_source",
                violation_error_message="This list entry already gives this identifier.",
            ),
        ),
        migrations.AddConstraint(
            model_name="nationality",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source__isnull", True)),
                fields=("subject", "country", "kind"),
                name="nationality_unique_per_subject",
                violation_error_message="This subject already has this nationality.",
            ),
        ),
        migrations.AddConstraint(
            model_name="nationality",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source__isnull", False)),
                fields=("source", "subject", "country", "kind"),
                name="nationality_unique_per_source",
                violation_error_message="This list entry already gives this nationality.",
            ),
        ),
        migrations.AddConstraint(
            model_name="relationship",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source__isnull", True)),
                fields=("subject", "related", "kind"),
                name="relationship_unique",
                violation_error_message="This relationship is already recorded.",
            ),
        ),
        migrations.AddConstraint(
            model_name="relationship",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source__isnull", False)),
                fields=("source", "subject", "related", "kind"),
                name="relationship_unique_per_source",
                violation_error_message="This list entry already gives this relationship.",
            ),
        ),
    ]
