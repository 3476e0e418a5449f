"""`{% samefor a b %}…{% endsamefor %}`: markup that is the same for every visitor, rendered
once per process for each language and each value of `a b`, then served from memory.

Only for text, links and labels of the site itself (a route's stages, the footer): never for
anything a visitor wrote or owns, since the first visitor's rendering is served to all. The
values named must come from a small set (a route's dispute body, a moderation state), as each
makes an entry. With the template engine in debug mode (development), it renders every time, so
an edited template shows at once. A deploy starts new processes, so new translations show too.
"""

from django import template
from django.utils.translation import get_language

register = template.Library()

# Threads that miss at once each render and store the same HTML; one dict write needs no lock.
_rendered: dict[tuple, str] = {}


class SameForNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context):
        if context.template.engine.debug:
            return self.nodelist.render(context)
        key = (
            self.origin.name,
            self.token.lineno,
            get_language(),
            *(value.resolve(context) for value in self.vary_on),
        )
        html = _rendered.get(key)
        if html is None:
            html = _rendered[key] = self.nodelist.render(context)
        return html


@register.tag
def samefor(parser, token):
    vary_on = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endsamefor",))
    parser.delete_first_token()
    return SameForNode(nodelist, vary_on)
