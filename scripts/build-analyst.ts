// `npm run demo:build`: the analyst page as static files in examples/analyst/dist (the server builds it on first use too).
import { buildAnalystPage } from '../src/serve/analyst-page.node.ts';

console.log(await buildAnalystPage());
