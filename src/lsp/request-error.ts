/**
 * A request that is wrong in itself (rename to a name of another kind): the client's to see as
 * an error answer. Any other failure of a request is a failure of the analysis, logged.
 */
export class RequestError extends Error {}
