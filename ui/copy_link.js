// The "Copy link" button: copies the address of the view on screen (built from `data.query`,
// the same query the app writes into the address bar). Where the clipboard is not available
// (an address that is not https or localhost), the link is shown selected, to copy by hand.

export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector(".lde-copy-button");
  const status = parentElement.querySelector(".lde-copy-status");
  if (!button || !data) return;
  const link = () => {
    const query = new URLSearchParams(data.query).toString().replace(/%2C/g, ",");
    return window.location.origin + window.location.pathname + "?" + query;
  };
  button.onclick = async () => {
    const text = link();
    button.setAttribute("data-link", text); // read by the browser tests
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Link copied.";
    } catch (error) {
      let field = parentElement.querySelector("input");
      if (!field) {
        field = document.createElement("input");
        field.type = "text";
        field.readOnly = true;
        field.setAttribute("aria-label", "Link to this view");
        parentElement.querySelector(".lde-copy-link").appendChild(field);
      }
      field.value = text;
      field.focus();
      field.select();
      status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link.";
    }
  };
}
