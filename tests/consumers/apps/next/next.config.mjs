// No slotfit-specific setting. The two roots only say where the repository's node_modules (which holds next and
// react for this test) is: the scratch project lives inside the repository's build folder.
const root = process.env.SLOTFIT_REPO_ROOT;
export default { turbopack: { root }, outputFileTracingRoot: root };
