import { dev_page } from "./dev/dev_page.js";

export default {
  // the dev server's page: see dev/dev_page.js
  plugins: [dev_page()],
  svelte: {
    preprocess: [],
  },
  build: {
    target: "modules",
  },
};
