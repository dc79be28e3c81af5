/**
 * Why the live page did not appear under a map. An iframe that failed looks the same from
 * outside whatever the cause (cross-origin isolation hides the error document), so the server
 * is asked directly: no answer at all means the server is away, which a screenshot URL does not
 * fix; an answer that is not a page means this server does not host that path.
 */
export async function underlayProblem(path: string, fetcher: typeof fetch = fetch): Promise<string> {
  let res: Response;
  try {
    res = await fetcher(path, { method: 'HEAD', cache: 'no-store' });
  } catch {
    return `The server is not answering, so ${path} could not be loaded underneath. Refresh once it is back.`;
  }
  if (res.ok && (res.headers.get('content-type') ?? '').startsWith('text/html')) {
    // Served, yet the frame stayed empty: the page itself refuses to be framed.
    return `${path} refuses to be shown in a frame: choose a screenshot URL under “Underneath the map”.`;
  }
  return `${path} is not served here: choose a screenshot URL under “Underneath the map”.`;
}
