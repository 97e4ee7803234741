from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of ``TRACKER_PAGE_SIZE`` (50) by default, up to ``TRACKER_MAX_PAGE_SIZE`` (500)
    with ``page_size``.

    DRF quietly caps a page size that is too large and quietly ignores one that is not a
    number; a script would then page through the wrong number of rows without knowing. Here a
    bad ``page`` or ``page_size`` is a 400 naming it, and a page past the end a 404.
    """

    page_size = settings.TRACKER_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.TRACKER_MAX_PAGE_SIZE
    invalid_page_message = _("There is no page {page_number}.")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "").strip()
        if not raw:
            return self.page_size
        size = positive_int(raw)
        if size is None or size > self.max_page_size:
            message = _("Use a whole number from 1 to {maximum}.").format(
                maximum=self.max_page_size
            )
            raise ValidationError({self.page_size_query_param: [message]})
        return size

    def get_page_number(self, request, paginator):
        self.check_page_number(request)
        return super().get_page_number(request, paginator)

    def check_page_number(self, request):
        raw = request.query_params.get(self.page_query_param, "").strip()
        if raw and raw not in self.last_page_strings and positive_int(raw) is None:
            message = _("Use a whole number from 1, or “last”.")
            raise ValidationError({self.page_query_param: [message]})

    def check_parameters(self, request):
        """Refuse a bad ``page`` or ``page_size`` even where they do not apply (CSV)."""
        self.get_page_size(request)
        self.check_page_number(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    minimum=1, maximum=self.max_page_size, default=self.page_size
                )
                parameter["description"] = _(
                    "Results per page, from 1 to {maximum} (default {default})."
                ).format(maximum=self.max_page_size, default=self.page_size)
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1, default=1)
        return parameters


def positive_int(text):
    """The whole number ``text`` spells if it is 1 or more, else None."""
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if number >= 1 else None
