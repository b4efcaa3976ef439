// Written by the test before the build: the candidate to check and the sample's first student.
export const candidate = null;
