// Live updates: the server sends an event when the round changed; the live part of the page is
// fetched again and swapped in (forms being filled are outside it and stay as they are).
(function () {
  var live = document.getElementById("song");
  var badge = document.getElementById("trang-thai");
  if (!live || !window.EventSource) return;
  var seen = live.getAttribute("data-phien-ban");  // the version of the round this page shows
  var source = new EventSource("/su-kien");
  source.onmessage = function (event) {
    badge.className = "song";
    if (event.data === seen) return;
    seen = event.data;
    fetch(location.pathname + location.search, {headers: {"X-Baocao-Phan": "1"}})
      .then(function (response) { return response.text(); })
      .then(function (html) { live.innerHTML = html; live.setAttribute("data-phien-ban", seen); });
  };
  source.onerror = function () { badge.className = "song mat"; };
})();

// Forms dropped anywhere on the drop zone go into its file input.
(function () {
  var zone = document.querySelector(".tha");
  var input = document.getElementById("tep");
  if (!zone || !input) return;
  zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("tren"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("tren"); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("tren");
    input.files = event.dataTransfer.files;
  });
})();
