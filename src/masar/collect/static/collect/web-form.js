// Render the XForm with ODK Web Forms; queue each submission in localStorage and send the
// queue to Masar whenever the browser is online, showing how many wait.
import { createApp, h } from "./vendor/vue/vue.runtime.esm-browser.prod.js";
import { OdkWebForm, webFormsPlugin } from "./vendor/web-forms/index.js";

const root = document.getElementById("web-form");
const status = document.getElementById("queue");
const KEY = "masar.collect.queue";

const load = () => JSON.parse(localStorage.getItem(KEY) || "[]");
const save = (items) => {
  localStorage.setItem(KEY, JSON.stringify(items));
  status.textContent = status.dataset.template.replace("N", String(items.length));
  status.dataset.count = String(items.length);
};

let sending = false;
async function flush() {
  if (sending || !navigator.onLine) return;
  sending = true;
  try {
    for (const item of load()) {
      const body = new FormData();
      body.append("xml_submission_file", new Blob([item.xml], { type: "text/xml" }), "submission.xml");
      const response = await fetch(root.dataset.submissionUrl, {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-CSRFToken": root.dataset.csrf },
      });
      if (![200, 201, 409].includes(response.status)) break;
      save(load().filter((queued) => queued.id !== item.id));
    }
  } catch (error) {
    // Offline again: the queue stays and the next `online` event or retry sends it.
  } finally {
    sending = false;
  }
}

async function submit(payload, callback) {
  const file = payload.data[0].get("xml_submission_file");
  const items = load();
  items.push({ id: crypto.randomUUID(), xml: await file.text() });
  save(items);
  callback?.({ status: "success" });
  flush();
}

async function attachment(url) {
  const name = String(url).split("/").pop();
  return fetch(root.dataset.listsUrl.replace("FILENAME", name), { credentials: "same-origin" });
}

const formXml = await (await fetch(root.dataset.formUrl, { credentials: "same-origin" })).text();
const app = createApp({
  render: () => h(OdkWebForm, { formXml, fetchFormAttachment: attachment, onSubmit: submit }),
});
app.use(webFormsPlugin);
app.mount(root);
save(load());
window.addEventListener("online", flush);
setInterval(flush, 10000);
flush();
if ("serviceWorker" in navigator) navigator.serviceWorker.register("/collect/web/sw.js", { scope: "/collect/" });
