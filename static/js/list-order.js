/* Progressive enhancement for the studio's list editor: drag an entry by its handle to a new
 * place, and the new order is sent with the page's own form (#list-order). Without this file
 * the "Move up" and "Move down" buttons do the same, one place at a time.
 */
(function () {
  "use strict";

  var list = document.querySelector("[data-reorder]");
  var form = document.getElementById("list-order");
  if (!list || !form || !form.elements.order) {
    return;
  }
  var dragged = null;

  function entryIds() {
    return Array.prototype.map.call(list.children, function (item) {
      return item.getAttribute("data-entry");
    });
  }

  Array.prototype.forEach.call(list.children, function (item) {
    // Only the handle starts a drag, so text in the note stays selectable.
    var handle = document.createElement("span");
    handle.className = "list-editor__handle";
    handle.setAttribute("aria-hidden", "true");
    handle.textContent = "⠿ Drag to reorder";
    handle.setAttribute("draggable", "true");
    item.insertBefore(handle, item.firstChild);
    handle.addEventListener("dragstart", function (event) {
      dragged = item;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.getAttribute("data-entry") || "");
      event.dataTransfer.setDragImage(item, 10, 10);
      item.classList.add("list-editor__entry--dragging");
    });
    handle.addEventListener("dragend", function () {
      item.classList.remove("list-editor__entry--dragging");
      dragged = null;
    });
    item.addEventListener("dragover", function (event) {
      if (dragged && dragged !== item) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
      }
    });
    item.addEventListener("drop", function (event) {
      if (!dragged || dragged === item) {
        return;
      }
      event.preventDefault();
      var box = item.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      var before = entryIds().join(",");
      list.insertBefore(dragged, after ? item.nextSibling : item);
      var order = entryIds().join(",");
      if (order !== before) {
        form.elements.order.value = order;
        form.submit();
      }
    });
  });
})();
