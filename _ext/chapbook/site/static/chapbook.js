// Chapbook: a click on an image in a post shows it whole; a click or Escape closes it.
document.addEventListener("DOMContentLoaded", () => {
  const close = () => document.querySelector(".chapbook-zoom")?.remove();
  for (const img of document.querySelectorAll(".bd-article img")) {
    if (img.closest("a")) continue; // already a link: leave it be
    img.classList.add("chapbook-zoomable");
    img.addEventListener("click", () => {
      const overlay = document.createElement("div");
      overlay.className = "chapbook-zoom";
      overlay.setAttribute("role", "dialog");
      overlay.setAttribute("aria-label", img.alt || "Image");
      const copy = document.createElement("img");
      copy.src = img.currentSrc || img.src;
      copy.alt = img.alt;
      overlay.append(copy);
      overlay.addEventListener("click", close);
      document.body.append(overlay);
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  // Printed, a link to another site shows its address (chapbook.css), unless its text is it.
  const bare = (text) => text.trim().replace(/^(https?:|mailto:)(\/\/)?/, "").replace(/\/$/, "");
  for (const link of document.querySelectorAll(".bd-article a.reference.external")) {
    if (bare(link.textContent) === bare(link.getAttribute("href"))) {
      link.classList.add("chapbook-bare-link");
    }
  }
});

// Chapbook: side notes.  On a wide screen each footnote shows beside the line that
// first cites it, close to the prose as in Tufte CSS and on gwern.net; on phones, in
// print and without JavaScript the page keeps docutils' footnotes at the end.  The
// page's HTML is never changed at build time: a copy of each note is made here, shown
// only while there is room in the margin, and its entry in the list at the end is
// hidden meanwhile, so a screen reader meets each note once.  chapbook.css shows and
// hides them (class chapbook-sidenotes).
(() => {
  // From the width where the theme's contents move into a column of their own.
  const WIDE = window.matchMedia("screen and (min-width: 1200px)");
  const REM = () => parseFloat(getComputedStyle(document.documentElement).fontSize);
  const MIN_WIDTH = 12; // rem: a narrower margin keeps the footnotes at the end
  const MAX_WIDTH = 20; // rem
  const GAP = 1; // rem between two notes, and between the page's edge and a note
  const PROSE_GAP = 1.5; // rem between the prose's right edge and the notes

  // The block that holds the reference, directly in a section: a note goes after it
  // (never inside a paragraph, a table or a box), where a screen reader reads it.
  const blockOf = (article, element) => {
    let block = element;
    while (block.parentElement !== article && block.parentElement.tagName !== "SECTION") {
      block = block.parentElement;
    }
    return block;
  };

  // The whole footnote, every paragraph, list and code block, without its number
  // and back links; no id is copied, so every id stays unique.
  const copyOf = (footnote) => {
    const note = document.createElement("aside");
    // Not the book theme's "sidenote" class: the theme would fold the contents list
    // while a note is in view, and the list has the other margin to itself (chapbook.css).
    note.className = "chapbook-sidenote";
    note.id = `sidenote-${footnote.id}`;
    note.tabIndex = -1; // a click on the citation moves the focus here
    note.setAttribute("role", "doc-footnote"); // as docutils marks the footnote itself
    for (const child of footnote.childNodes) {
      if (child.nodeType === Node.ELEMENT_NODE && child.matches(".label, .backrefs")) continue;
      note.append(child.cloneNode(true));
    }
    for (const element of note.querySelectorAll("[id]")) element.removeAttribute("id");
    const label = document.createElement("span");
    label.className = "chapbook-sidenote-label";
    label.textContent = footnote.querySelector(".label")?.textContent.replace(/[[\]]/g, "").trim();
    const first = note.firstElementChild;
    (first?.tagName === "P" ? first : note).prepend(label, " ");
    return note;
  };

  // One note per footnote, beside the first reference in the post's own text.
  const makeNotes = (article) => {
    const notes = [];
    const done = new Set();
    const last = new Map(); // block -> the last note put after it, to keep their order
    for (const ref of article.querySelectorAll("a.footnote-reference[href^='#']")) {
      if (ref.closest("aside.footnote, .chapbook-related")) continue;
      // docutils' ids are plain ASCII: no decoding (a stray % would throw).
      const footnote = document.getElementById(ref.getAttribute("href").slice(1));
      if (!footnote?.matches("aside.footnote") || !article.contains(footnote)) continue;
      if (done.has(footnote)) continue;
      done.add(footnote);
      const note = copyOf(footnote);
      const block = blockOf(article, ref);
      (last.get(block) ?? block).after(note);
      last.set(block, note);
      footnote.classList.add("chapbook-sidenoted");
      notes.push({ ref, note, footnote });
    }
    // A list whose every note is in the margin goes, with the rule above it.
    for (const list of article.querySelectorAll("aside.footnote-list")) {
      if (list.querySelector("aside.footnote:not(.chapbook-sidenoted)")) continue;
      list.classList.add("chapbook-sidenoted");
      const rule = list.previousElementSibling;
      if (rule?.matches("hr.footnotes")) rule.classList.add("chapbook-sidenoted");
    }
    return notes;
  };

  // The margin: from just right of the prose (a paragraph's measure, narrower than
  // the article, which code blocks and pictures may fill) to the page's edge, in
  // the viewport's pixels.
  const margin = (article) => {
    const rem = REM();
    const prose = (article.querySelector("section > p") ?? article).getBoundingClientRect();
    const left = prose.right + PROSE_GAP * rem;
    const page = (article.closest(".bd-content") ?? document.documentElement).getBoundingClientRect();
    const right = Math.min(page.right, document.documentElement.clientWidth) - GAP * rem;
    return { left, width: Math.min(right - left, MAX_WIDTH * rem), rem, prose: prose.width };
  };

  // The top of the note's first line, level with the citation's line of text: the
  // mark itself is raised, so the letter before it says where the line is.
  const lineTop = (ref, noteLine) => {
    const own = ref.getBoundingClientRect();
    const before = ref.previousSibling;
    if (before?.nodeType !== Node.TEXT_NODE || !before.length) return own.top;
    const range = document.createRange();
    range.setStart(before, before.length - 1);
    range.setEnd(before, before.length);
    const letter = range.getBoundingClientRect();
    // A collapsed space, or a line that breaks between the letter and the mark.
    if (!letter.height || letter.bottom < own.top) return own.top;
    return letter.top + (letter.height - noteLine) / 2;
  };

  // Each note level with its reference, or just below the note before it.
  const place = (article, notes) => {
    // Narrow: nothing is measured (a measure forces the browser to lay the page out).
    const room = WIDE.matches ? margin(article) : null;
    const on = room !== null && room.width >= MIN_WIDTH * room.rem;
    article.classList.toggle("chapbook-sidenotes", on);
    article.style.minHeight = "";
    if (!on) return;
    // Code, pictures and boxes keep the prose's measure meanwhile (chapbook.css), as
    // in Tufte CSS: nothing reaches under a note.
    article.style.setProperty("--chapbook-prose-width", `${room.prose}px`);
    const origin = article.getBoundingClientRect();
    let floor = 0;
    for (const { ref, note } of notes) {
      note.style.left = `${room.left - origin.left}px`;
      note.style.width = `${room.width}px`;
      const line = parseFloat(getComputedStyle(note).lineHeight);
      const top = Math.max(lineTop(ref, line) - origin.top, floor);
      note.style.top = `${top}px`;
      floor = top + note.offsetHeight + GAP * room.rem;
    }
    // The last notes may reach past the post: the page grows to hold them.
    if (floor > article.offsetHeight) article.style.minHeight = `${floor}px`;
  };

  // The notes, a click on a citation, and their places, kept as the page changes.
  const setUp = (article) => {
    const notes = makeNotes(article);
    for (const { ref, note } of notes) {
      // The list entry is hidden while the note is in the margin: a click goes to the note.
      ref.addEventListener("click", (event) => {
        if (!article.classList.contains("chapbook-sidenotes")) return;
        event.preventDefault();
        note.focus();
      });
    }
    // Placed before the next frame is drawn, never while the page is still loading its
    // scripts: a measure then would lay the page out early, and block it.
    let pending = false;
    const later = (then) => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        place(article, notes);
        if (typeof then === "function") then();
      });
    };
    // A link to a footnote from elsewhere: its entry is hidden, its note is not.
    later(() => {
      const target = notes.find(({ footnote }) => `#${footnote.id}` === location.hash);
      if (target && article.classList.contains("chapbook-sidenotes")) target.note.focus();
    });
    WIDE.addEventListener("change", later);
    // Pictures that load, fonts, the sidebar folding: anything that moves the text.
    new ResizeObserver(later).observe(article);
    const main = article.closest(".bd-main");
    if (main) new ResizeObserver(later).observe(main);
  };

  // A phone does nothing at all.  A window made wide later gets its notes then, but
  // the book theme looks for margin content only once (its script runs next), so
  // its table of contents then stays open above them.
  const start = () => {
    const article = document.querySelector("article.bd-article");
    if (!article?.querySelector("a.footnote-reference")) return;
    if (WIDE.matches) {
      setUp(article);
      return;
    }
    const wider = () => {
      if (!WIDE.matches) return;
      WIDE.removeEventListener("change", wider);
      setUp(article);
    };
    WIDE.addEventListener("change", wider);
  };

  // Deferred: the page is parsed; the notes exist before the book theme's script
  // looks for margin content (it runs next).
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
