/** Addresses shared by the header and footer, so the two never drift apart. */
export const REPO_URL = 'https://github.com/tollgate-dev/tollgate'
export const DOCS_URL = `${REPO_URL}#readme`
export const LICENSE_URL = `${REPO_URL}/blob/main/LICENSE`
