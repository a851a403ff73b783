"""Static briefing-site generator: curated YAML in, bilingual Markdown + MkDocs config out.

The package knows nothing about any one topic: the topic, its languages and its vocabulary
come from ``content/config.yaml``. Data flows one way:
load (``loader``) → model (``model``) → validate (``validate``) → render (``render``)
→ MkDocs (``build``).
"""

__version__ = "0.1.0"
