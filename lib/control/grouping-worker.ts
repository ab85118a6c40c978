import { serveCalls } from "../threads/serve-calls";
import { runGrouping } from "../grouping/run-grouping";

/** k-means over the whole fleet in its own thread: 100–200 ms at 10,000 nodes, which the event loop must not wait for. */
serveCalls({ runGrouping });
