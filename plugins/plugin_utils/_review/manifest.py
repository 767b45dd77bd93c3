# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: manifests in ``sha256sum -c`` format, paths relative to the review directory."""

import hashlib


def data(content):
    """CONTENT as the bytes written: text is UTF-8, bytes are as they are."""
    return content if isinstance(content, bytes) else content.encode('utf-8')


def digest(content):
    return hashlib.sha256(data(content)).hexdigest()


def lines(files):
    """The manifest text of FILES ({relative path: text or bytes}), one ``<sha256>  <path>`` line each, sorted by path.

    A path with a backslash, a line end or a leading slash is refused: the
    collection only writes plain relative names.
    """
    out = []
    for path in sorted(files):
        if '\\' in path or '\n' in path or '\r' in path or path.startswith('/') or '..' in path.split('/'):
            raise ValueError('{0!r} cannot be listed in a manifest'.format(path))
        out.append('{0}  {1}\n'.format(digest(files[path]), path))
    return ''.join(out)
