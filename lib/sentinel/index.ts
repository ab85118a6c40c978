export { announceSwitch, publishSentinelEndpoint, startSentinelEndpoint, SWITCH_MASTER_CHANNEL, type SentinelEndpoint } from "./endpoint";
