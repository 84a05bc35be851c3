// Chapbook, on the search page: a result's snippet is the words of the post, not the
// page around it.  Sphinx's search fetches each page found and shows the text of its
// [role="main"] element around the words searched for; pydata-sphinx-theme puts that
// role on <main>, which also holds the buttons above the article, the contents column
// and the footer.  Here Sphinx's own Search.htmlToText reads the page's article alone,
// without what its search index leaves out (class no-search: the previous and next
// posts, the related post, listings).  A page without an article, or a Sphinx without
// htmlToText(html, anchor), keeps Sphinx's reading as it is.
(() => {
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  if (Search.htmlToText.length !== 2) return; // not the function this was written for
  const sphinxText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    const article = page.querySelector("article.bd-article");
    if (!article) return sphinxText(htmlString, anchor);
    article.querySelectorAll(".no-search").forEach((element) => element.remove());
    // Sphinx reads [role="main"] (and the anchor inside it) of what it is given.
    const main = page.createElement("div");
    main.setAttribute("role", "main");
    main.append(article);
    return sphinxText(main.outerHTML, anchor);
  };
})();
