"""The audit chain is sealed with a key kept outside the database (HMAC-SHA256).

Existing events keep their plain SHA-256 seals (`scheme` "sha256"); adding the column with
a default fires no row trigger, so the append-only guard of 0002 stays in force. The chain
head is sealed here, so from now on a head without a valid seal is a rewritten log.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def seal_head(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    head_model = apps.get_model("audit", "ChainHead")
    for head in head_model.objects.all():
        message = f"head\x1f{head.count}\x1f{head.last_hash}".encode()
        head.mac = hmac.new(
            str(settings.AUDIT_KEY).encode("utf-8"), message, hashlib.sha256
        ).hexdigest()
        head.save(update_fields=["mac"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="scheme",
            field=models.CharField(
                default="sha256",
                help_text="how `hash` was made: sha256 or hmac-sha256:<key id>",
                max_length=40,
            ),
        ),
        migrations.AddField(
            model_name="chainhead",
            name="mac",
            field=models.CharField(
                blank=True, help_text="HMAC of count and last_hash", max_length=64
            ),
        ),
        migrations.RunPython(seal_head, migrations.RunPython.noop),
    ]
