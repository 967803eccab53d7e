/**
 * Long-lived collaborators built once in createServer (src/server.ts) and handed to every
 * request's ctx. Empty here: the module that provides one adds its member beside its definition,
 * by declaration merging (`declare module '../../common/services' { interface Services { … } }`),
 * so the request context imports no module (it used to, and that closed a cycle through all of
 * them). createServer's `const services: Services = { … }` fails to compile if one is missing.
 */
export interface Services {}
