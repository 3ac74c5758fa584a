"""The full-page cache for anonymous visitors.

Public pages render the same for everyone (DECISIONS §2), so a rendered page
is kept in Django's cache (Redis in production) and served again without
touching the database, and marked so that a proxy or CDN in front may keep it
too. Publishing a page purges it and every page that shows it; a change to a
snippet, setting, menu or redirect clears everything; nothing is served fresh
for longer than `PAGE_CACHE_TIMEOUT`.

- `store`: cache keys, entries, purges.
- `queries`: which query parameters a page reads, so junk ones share an entry.
- `middleware`: the lookup and the store around every request.
- `invalidation`: which paths a change touches, connected to Wagtail's signals.
"""
