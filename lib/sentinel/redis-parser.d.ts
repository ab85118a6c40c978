// redis-parser (NodeRedis, the parser ioredis uses) ships no types: the part the endpoint calls.
declare module "redis-parser" {
  type ParserOptions = {
    returnReply: (reply: unknown) => void;
    returnError: (error: Error) => void;
    returnFatalError?: (error: Error) => void;
    returnBuffers?: boolean;
    stringNumbers?: boolean;
  };
  class RedisParser {
    constructor(options: ParserOptions);
    execute(buffer: Buffer): void;
    reset(): void;
  }
  export = RedisParser;
}
