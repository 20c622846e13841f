"""Notes out of Reader, and back in.

markdown (one document) and folder (one file per article, updated in place),
with frontmatter and mdescape (the one Markdown-escaping module); w3c_write
and w3c_read (W3C Web Annotation JSON-LD, lossless both ways); csv_table;
common (article metadata, the note filter, deep links); templating (the
Markdown templates: built-in and the analyst's Jinja2 ones, sandboxed) with
template_vars (what a template receives).
"""
from reader.core.model import ExportError, NoteFilter

from .common import ArticleMeta, apply_filter, deep_link, with_pages
from .csv_table import CSV_HEADER, to_csv
from .folder import write_markdown_folder
from .markdown import KEEP_MARKER, LOST_HEADING, markdown_quote, to_markdown
from .run import run_export
from .template_vars import TEMPLATE_KEEP_MARKER, block_id, obsidian_tag
from .templating import available_templates, load_template
from .w3c_read import from_w3c
from .w3c_write import ANNO_CONTEXT, to_w3c

__all__ = ["ANNO_CONTEXT", "CSV_HEADER", "KEEP_MARKER", "LOST_HEADING", "TEMPLATE_KEEP_MARKER",
           "ArticleMeta", "ExportError", "NoteFilter", "apply_filter", "available_templates",
           "block_id", "deep_link", "from_w3c", "load_template", "markdown_quote", "obsidian_tag",
           "run_export", "to_csv", "to_markdown", "to_w3c", "with_pages", "write_markdown_folder"]
