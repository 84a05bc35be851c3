"""The site: feeds, SEO, redirects, URLs, escaping, whole-site builds, browser, tooling."""
