"""Lesson text: Markdown rendered, then sanitised (content is trusted less than code)."""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

from steadfast.programs.exercise_types import BY_CODE

register = template.Library()

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a", "code",
    "hr",
}  # fmt: skip


@register.filter
def markdown(text: str) -> SafeString:
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    # Headings move down one level: the page's own title is the only h1.
    for level in (3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>")
        html = html.replace(f"</h{level}>", f"</h{level + 1}>")
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener")
    return mark_safe(cleaned)  # noqa: S308 (sanitised by nh3 just above)


ARC_LABELS = {
    "assessment_orientation": "assessment and orientation",
    "group_formation": "forming the group",
    "psychoeducation": "learning about stress and resilience",
    "sharing": "sharing experiences",
    "skill_building": "skill building",
    "cognitive_restructuring": "rethinking unhelpful thoughts",
    "social_support": "building support",
    "goal_setting": "goal setting",
    "mindfulness_relaxation": "mindfulness and relaxation",
    "reflection_integration": "reflection",
    "closure_follow_up": "closing and follow-up",
}


@register.filter
def arc_label(code: str) -> str:
    """The group-arc stage of a session step, in words."""
    return ARC_LABELS.get(code, code.replace("_", " "))


@register.filter
def exercise_title(code: str) -> str:
    found = BY_CODE.get(code)
    return found.title if found is not None else code
