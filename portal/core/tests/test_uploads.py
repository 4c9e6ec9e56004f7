"""The size refusal of uploads says clearly that the file is larger than the limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from portal.core.errors import BusinessError
from portal.core.uploads import check_file, readable_size, too_large_message

LIMIT = 5 * 1024 * 1024


def pdf_of(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("auszug.pdf", b"%PDF-" + b"x" * (size - 5), content_type="application/pdf")


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_file_one_byte_over_the_limit_is_not_reported_as_the_limit_itself(settings, language):
    settings.MAX_UPLOAD_BYTES = LIMIT
    with translation.override(language), pytest.raises(BusinessError) as refused:
        check_file(pdf_of(LIMIT + 1))
    message = refused.value.message
    assert readable_size(LIMIT) in message and "5.0" not in message and "5,0" not in message
    assert message.count(readable_size(LIMIT)) == 1  # the limit once, no size that reads the same
    assert refused.value.field == "file"


def test_the_limit_reads_as_a_round_figure_and_a_larger_size_with_its_decimal():
    with translation.override("en"):
        assert readable_size(LIMIT) == "5\xa0MB"
        assert too_large_message(LIMIT + 1, LIMIT) == "The file is too large: more than the 5\xa0MB allowed."
        assert too_large_message(LIMIT + LIMIT // 10, LIMIT) == (
            "The file is too large (5.5\xa0MB); at most 5\xa0MB are allowed."
        )


def test_a_file_of_the_limit_is_accepted(settings):
    settings.MAX_UPLOAD_BYTES = LIMIT
    assert check_file(pdf_of(LIMIT)) == "application/pdf"
