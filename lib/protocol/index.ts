export * from "./common";
export * from "./agent";
export * from "./ui";
export * from "./views";
