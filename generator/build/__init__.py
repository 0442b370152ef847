"""Build machinery: caches, parallel work, record dates, incremental builds, stopping, CSP, link check, publishing."""
