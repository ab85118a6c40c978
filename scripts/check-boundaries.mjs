/**
 * `npm run lint`'s import-boundary half: dependency-cruiser over the app's code with the rules in
 * .dependency-cruiser.cjs. Called through dependency-cruiser's API because its CLI refuses to
 * start on Node 20 (it declares ^22), while the API it wraps runs fine here.
 */
import { cruise } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const ROOTS = ["lib", "app", "components", "agent", "server.ts"];

const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
const result = await cruise(ROOTS, { ...options, outputType: "err-long" }, undefined, { tsConfig: extractTSConfig("tsconfig.json") });
process.stdout.write(result.output || "import boundaries: no violations\n");
process.exitCode = result.exitCode;
