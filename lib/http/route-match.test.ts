import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import type { ApiRoute } from "../protocol/api/routes";
import { API_ROUTES } from "../protocol/api/routes";
import { routeMatcher } from "./route-match";

const route = (method: ApiRoute["method"], path: string): ApiRoute => ({ method, path, summary: "", tag: "t", role: "viewer", response: z.object({}) });

test("a concrete path finds its declared route, literal segments first", () => {
  const match = routeMatcher([route("GET", "/api/v1/audit/{id}"), route("GET", "/api/v1/audit/kinds"), route("DELETE", "/api/v1/audit/{id}")]);
  assert.equal(match("GET", "/api/v1/audit/kinds")?.path, "/api/v1/audit/kinds");
  assert.equal(match("GET", "/api/v1/audit/42")?.path, "/api/v1/audit/{id}");
  assert.equal(match("DELETE", "/api/v1/audit/42")?.method, "DELETE");
  assert.equal(match("POST", "/api/v1/audit/42"), null);
  assert.equal(match("GET", "/api/v1/audit/42/more"), null);
});

test("every declared route matches a concrete path of itself", () => {
  const match = routeMatcher(API_ROUTES);
  for (const declared of API_ROUTES) {
    const concrete = declared.path.replace(/\{[^}]+\}/g, "x1");
    assert.equal(match(declared.method, concrete)?.path, declared.path, `${declared.method} ${declared.path}`);
  }
});
