from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.banking.parsing import MAX_STATEMENT_BYTES
from portal.core.uploads import too_large_message


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement"),
        help_text=_(
            "camt.052/053/054 file (XML, also several in a ZIP file), MT940 statement, CSV export of the "
            "online banking or George JSON export, at most 5 MB."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xml,.zip,.sta,.mt940,.940,.mta,.txt,.json,"
                "text/csv,application/xml,text/xml,application/zip,application/json"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_STATEMENT_BYTES:
            raise ValidationError(too_large_message(upload.size, MAX_STATEMENT_BYTES))
        return upload  # the format (by name and content) is checked when the statement is read
