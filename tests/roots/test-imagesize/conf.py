extensions = ["chapbook"]
html_baseurl = "https://images.example.org/"
project = "Image sizes"
