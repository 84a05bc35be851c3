extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
