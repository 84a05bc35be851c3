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
});
