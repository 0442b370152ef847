"""Addresses for sharing a profile: its absolute URL, share links, and the adoption report form.

A link pasted into Zalo or Facebook, a QR code on a printed card and a
prefilled issue form all need absolute addresses, so the generator reads the
two it needs from ``mkdocs.yml`` (with MkDocs' own YAML loader, which resolves
``!ENV``): ``site_url`` (where the site is published) and ``repo_url`` (the
GitHub repository whose issue tracker receives adoption reports). It reads there
too the board's private channel for takedown requests (``extra.takedown``, see
``takedown.py``), which is never a public tracker. The links
themselves are laid out in templates; this module only builds the URLs, with
every query value percent-encoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from ..paths import CARDS, EXEMPLARS
from ..pipeline.model import Exemplar

# The issue form under .github/ISSUE_TEMPLATE/ and the ids of the fields the link prefills.
ADOPTION_FORM = "bao-cao-ap-dung.yml"
ADOPTION_MODEL_FIELD = "mo-hinh"
FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php"


@dataclass(frozen=True)
class SiteConfig:
    """What the generator needs from ``mkdocs.yml``; ``None`` when it is not set."""

    site_url: str | None = None  # always ends with "/"
    repo_url: str | None = None  # no trailing "/"
    site_name: str = ""
    # The board's official e-mail and postal address for requests to remove or correct personal data.
    takedown_email: str | None = None
    takedown_address: str | None = None
    featured: tuple[str, ...] = ()  # ids put forward on the front page (front_page.py)

    @classmethod
    def read(cls, config_file: Path) -> SiteConfig:
        from mkdocs.utils.yaml import yaml_load  # resolves !ENV like MkDocs does

        try:
            with open(config_file, "rb") as f:
                data = yaml_load(f) or {}
        except (OSError, ValueError):  # no mkdocs.yml: a catalog rendered on its own
            return cls()
        site_url = str(data.get("site_url") or "").strip()
        repo_url = str(data.get("repo_url") or "").strip()
        extra = data.get("extra")
        takedown = extra.get("takedown") if isinstance(extra, dict) else None
        takedown = takedown if isinstance(takedown, dict) else {}
        return cls(
            site_url=(site_url.rstrip("/") + "/") if site_url else None,
            repo_url=repo_url.rstrip("/") or None,
            site_name=str(data.get("site_name") or ""),
            takedown_email=_setting(takedown.get("email")),
            takedown_address=_setting(takedown.get("address")),
            featured=_id_list(extra.get("featured") if isinstance(extra, dict) else None),
        )

    def absolute(self, path: str) -> str | None:
        """The absolute address of a site path such as ``dien-hinh/x/``."""
        return self.site_url + path if self.site_url else None


def _setting(value: object) -> str | None:
    """A text setting, or None when it is unset or blank (an ``!ENV`` variable not set gives None)."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _id_list(value: object) -> tuple[str, ...]:
    """A list of ids; anything else reads as none (front_page.featured_problems reports it)."""
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def profile_path(exemplar: Exemplar) -> str:
    """The profile's address under the site (``use_directory_urls: true``)."""
    return f"{EXEMPLARS}/{exemplar.id}/"


@dataclass(frozen=True)
class ShareLinks:
    url: str  # the profile's absolute address
    facebook: str
    email: str


def share_links(site: SiteConfig, exemplar: Exemplar) -> ShareLinks | None:
    """Links that share a profile without any third-party script; ``None`` without a ``site_url``."""
    url = site.absolute(profile_path(exemplar))
    if url is None:
        return None
    return ShareLinks(
        url=url,
        facebook=f"{FACEBOOK_SHARER}?{urlencode({'u': url}, quote_via=quote)}",
        email="mailto:?" + urlencode({"subject": exemplar.name, "body": f"{exemplar.summary}\n\n{url}"},
                                     quote_via=quote),
    )


def adoption_report_link(site: SiteConfig, exemplar: Exemplar) -> str | None:
    """A new issue on the repository, with the adoption form prefilled for this model.

    ``None`` when ``repo_url`` is not set: the link is left out rather than pointing nowhere.
    """
    if not site.repo_url:
        return None
    profile = site.absolute(profile_path(exemplar))
    query = {
        "template": ADOPTION_FORM,
        "title": f"Báo cáo áp dụng: {exemplar.name}",
        ADOPTION_MODEL_FIELD: f"{exemplar.name}\n{profile}" if profile else exemplar.name,
    }
    return f"{site.repo_url}/issues/new?{urlencode(query, quote_via=quote)}"


def template_globals(site: SiteConfig, photos: dict) -> dict:
    """What the profile and card templates use from this module, ``cards`` and ``photos``.

    ``photos`` maps (exemplar id, photo index) to its :class:`~generator.site.photos.PublishedPhoto`.
    """
    return {
        "site": site,
        "share_links": lambda exemplar: share_links(site, exemplar),
        "adoption_report_link": lambda exemplar: adoption_report_link(site, exemplar),
        "published_photo": lambda exemplar, index: photos[(exemplar.id, index)],
        "CARDS": CARDS,
    }
