/* Review of a document: selecting a passage of the text fills the "add a missed segment" form
   (quote, first and last character). Only an enhancement: the form works typed in by hand, and
   the server checks the quote against the text. The text container holds the document's text
   character for character (marks and empty anchors only), so offsets counted here are the
   document's offsets. */
(function () {
  "use strict";
  var text = document.getElementById("doctext");
  var form = document.getElementById("segment-form");
  if (!text || !form) { return; }
  function offset(node, within) {
    var range = document.createRange();
    range.selectNodeContents(text);
    range.setEnd(node, within);
    return range.toString().length;
  }
  function fill() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
    var r = sel.getRangeAt(0);
    if (!text.contains(r.startContainer) || !text.contains(r.endContainer)) { return; }
    var start = offset(r.startContainer, r.startOffset);
    var end = offset(r.endContainer, r.endOffset);
    if (end <= start) { return; }
    form.elements.quote.value = r.toString();
    form.elements.start.value = String(start);
    form.elements.end.value = String(end);
  }
  text.addEventListener("mouseup", fill);
  text.addEventListener("keyup", fill);
  text.addEventListener("touchend", fill);
}());
