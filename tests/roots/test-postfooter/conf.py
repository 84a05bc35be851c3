extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
exclude_patterns = ["_build"]
chapbook_post_footer = (
    '<p class="cta">Like it? <a href="/subscribe/">Subscribe</a>.</p>'
    '<p><a class="hn" href="https://news.ycombinator.com/submitlink?u={url_encoded}'
    '&amp;t={title_encoded}">Share on Hacker News</a></p>'
    '<p class="bio">Written by Ada, who reads <a class="self" href="{url}" title="{title}">{title}</a>.</p>'
)
