import { describe, expect, it } from "vitest";
import { humanFieldError, humanFieldErrors } from "./human-errors.ts";

describe("human field errors", () => {
  it("turns zod's default messages into sentences", () => {
    expect(humanFieldError("Invalid email address")).toBe("Enter an e-mail address like name@company.com.");
    expect(humanFieldError("Too small: expected string to have >=8 characters")).toBe("Use at least 8 characters.");
    expect(humanFieldError("Too small: expected string to have >=1 characters")).toBe("This field is required.");
    expect(humanFieldError("Too big: expected string to have <=100 characters")).toBe("Use at most 100 characters.");
    expect(humanFieldError("Too big: expected number to be <=10000")).toBe("Enter 10000 or less.");
    expect(humanFieldError("Invalid input: expected string, received undefined")).toBe("This field is required.");
    expect(humanFieldError("Invalid input: expected number, received string")).toBe("Enter a number.");
  });

  it("keeps the server's own sentences, and says each only once", () => {
    expect(humanFieldError("The part before the @ can be at most 64 characters.")).toBe("The part before the @ can be at most 64 characters.");
    expect(humanFieldError("Name is taken")).toBe("Name is taken.");
    expect(humanFieldErrors(["Invalid email address", "Invalid email"])).toBe("Enter an e-mail address like name@company.com.");
  });
});
