"""Template helpers of the reader pages: navigation, sortable headers, admin links."""

from django import template
from django.template.defaulttags import querystring
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    """A main-menu link, marked as the current page or as the current section."""
    current = getattr(context["request"].resolver_match, "url_name", "") or ""
    name = url_name.split(":")[-1]
    try:
        url = reverse(url_name)
    except NoReverseMatch:  # an app the project does not install (screening, the API)
        return ""
    if current == name:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    if current.split("_")[0] == name.split("_")[0]:
        return format_html('<a href="{}" aria-current="true">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.simple_tag(takes_context=True)
def sort_header(context, param, label):
    """A column header that sorts the list by ``param``, announcing the current order.

    The first click sorts ascending, a click on the sorted column reverses it. The page number
    is dropped (page 3 of another order is meaningless); the filters are kept.
    """
    current = context.get("ordering") or ""
    first = current.split(",")[0]
    if first.lstrip("-") == param:
        state = "descending" if first.startswith("-") else "ascending"
    else:
        state = ""
    target = f"-{param}" if state == "ascending" else param
    href = querystring(context, ordering=target, page=None)
    hint = _("sort descending") if target.startswith("-") else _("sort ascending")
    arrow = {"ascending": "▲", "descending": "▼"}.get(state, "↕")
    aria = format_html(' aria-sort="{}"', state) if state else ""
    return format_html(
        '<th scope="col"{}><a class="sort" href="{}">{}<span class="sort-arrow" '
        'aria-hidden="true">{}</span><span class="visually-hidden"> ({})</span></a></th>',
        aria,
        href,
        label,
        arrow,
        hint,
    )


@register.simple_tag(takes_context=True)
def admin_link(context, record):
    """ "Edit in admin" for staff who may change the record ("View in admin" if only view)."""
    user = context.get("user")
    if user is None or not user.is_staff:
        return ""
    opts = record._meta
    if user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        label = _("Edit in admin")
    elif user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        label = _("View in admin")
    else:
        return ""
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    return format_html('<a class="button button--quiet" href="{}">{}</a>', url, label)


@register.filter
def short_agency(agency):
    """OFAC rather than Office of Foreign Assets Control (OFAC), where there is an acronym."""
    return (agency.acronym or agency.name) if agency else ""


@register.filter
def http_url(url):
    """The URL if it is a web address; imported data never becomes a ``javascript:`` link."""
    return url if url and url.lower().startswith(("https://", "http://")) else ""


@register.filter
def model_verbose_name(record):
    """The kind of a record in words: "subject", "designation"."""
    return record._meta.verbose_name
