"""New identifier kinds (digital currency addresses, ISINs) and the ofac-xml import format."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sanctions", "0009_program_reference"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="identifier",
            name="identifier_kind_valid",
        ),
        migrations.RemoveConstraint(
            model_name="importrun",
            name="importrun_format_valid",
        ),
        migrations.AlterField(
            model_name="historicalidentifier",
            name="kind",
            field=models.CharField(
                choices=[
                    ("passport", "passport"),
                    ("national_id", "national ID"),
                    ("tax_id", "tax ID"),
                    ("registration", "registration number"),
                    ("imo", "IMO number"),
                    ("mmsi", "MMSI"),
                    ("call_sign", "call sign"),
                    ("aircraft_serial", "aircraft serial number"),
                    ("swift_bic", "SWIFT/BIC"),
                    ("digital_currency", "digital currency address"),
                    ("isin", "ISIN (securities)"),
                    ("email", "email address"),
                    ("website", "website"),
                    ("other", "other"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="identifier",
            name="kind",
            field=models.CharField(
                choices=[
                    ("passport", "passport"),
                    ("national_id", "national ID"),
                    ("tax_id", "tax ID"),
                    ("registration", "registration number"),
                    ("imo", "IMO number"),
                    ("mmsi", "MMSI"),
                    ("call_sign", "call sign"),
                    ("aircraft_serial", "aircraft serial number"),
                    ("swift_bic", "SWIFT/BIC"),
                    ("digital_currency", "digital currency address"),
                    ("isin", "ISIN (securities)"),
                    ("email", "email address"),
                    ("website", "website"),
                    ("other", "other"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="importrun",
            name="format",
            field=models.CharField(
                choices=[
                    ("ofac-csv", "OFAC CSV files"),
                    ("ofac-xml", "OFAC advanced XML (SDN_ADVANCED.XML, CONS_ADVANCED.XML)"),
                    ("un-xml", "UN Consolidated List XML"),
                    ("uk-ofsi-csv", "UK OFSI Consolidated List CSV"),
                    ("ftm", "OpenSanctions FollowTheMoney JSON lines"),
                ],
                max_length=20,
                verbose_name="format",
            ),
        ),
        migrations.AddConstraint(
            model_name="identifier",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "passport",
                            "national_id",
                            "tax_id",
                            "registration",
                            "imo",
                            "mmsi",
                            "call_sign",
                            "aircraft_serial",
                            "swift_bic",
                            "digital_currency",
                            "isin",
                            "email",
                            "website",
                            "other",
                        ],
                    )
                ),
                name="identifier_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="importrun",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("format__in", ["ofac-csv", "ofac-xml", "un-xml", "uk-ofsi-csv", "ftm"])
                ),
                name="importrun_format_valid",
            ),
        ),
    ]
