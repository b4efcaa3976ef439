// The seed's ids (tests/sql/seed.sql), by the names the tests use.
const u = (prefix, suffix) => `${prefix}0000000-0000-4000-8000-${suffix.padStart(12, '0')}`;

export const users = {
  A: u('1', 'a'), B: u('1', 'b'), C: u('1', 'c'), D: u('1', 'd'), E: u('1', 'e'),
  noProfile: u('1', 'ff'),
  // S an SEA and T a specialist at Maple Grove; N a new account, linked nowhere; M admin of Maple Grove (by id),
  // K admin of Cedar Ridge (by name).
  S: u('1', '5ea'), T: u('1', '5c'), N: u('1', 'ee'), M: u('1', 'ad'), K: u('1', 'ac'),
};
export const students = Object.fromEntries(
  ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2', 'c1', 'd1', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6'].map((k) => [k, u('2', k)]),
);
export const sessions = {
  a1Mon: u('3', 'a1001'), a1Placeholder: u('3', 'a1002'), a2Tue: u('3', 'a2001'), a4Thu: u('3', 'a4001'),
  a2Deleted: u('3', 'a2d01'), a2Dated: u('3', 'a2e01'), a5Wed: u('3', 'a5001'), a5Deleted: u('3', 'a5d01'),
  a6Fri: u('3', 'a6001'), b1Mon: u('3', 'b1001'), b1Dated: u('3', 'b1e01'), b1Deleted: u('3', 'b1d01'),
  b2Tue: u('3', 'b2001'), d1Fri: u('3', 'd1001'), c1Tue: u('3', 'c1001'), e1Mon: u('3', 'e1001'),
  e2Placeholder: u('3', 'e2001'),
};
export const bells = {
  lunchById: u('4', '1'), recessByName: u('4', '2'), period1: u('4', '3'), unnamed: u('4', '4'),
  lastYearById: u('4', '11'), lastYearByName: u('4', '12'), nextYear: u('4', '13'), deleted: u('4', '14'),
  otherSchool: u('4', '15'), sameNameOtherId: u('4', '16'),
  cedarByName: u('4', '21'), cedarUnderAnId: u('4', '22'), cedarLastYear: u('4', '23'),
};
export const activities = {
  peById: u('5', '1'), musicByName: u('5', '2'), lastYear: u('5', '11'), deleted: u('5', '12'), otherSchool: u('5', '13'),
};
export const protectedTimes = {
  a1Direct: u('6', '1'), b1SameChild: u('6', '2'), childOnly: u('6', '3'), deleted: u('6', '4'), otherChild: u('6', '5'),
};
export const busy = { aMeeting: u('7', '1'), aDeleted: u('7', '2'), bDuty: u('7', '3'), aLunch: u('7', '4') };
export const teachers = { okafor: u('8', '1'), haddad: u('8', '2'), ito: u('8', '3') };
export const links = { aMaple: u('9', 'a1'), aBirch: u('9', 'a3'), bMaple: u('9', 'b1') };

export const schools = {
  maple: { id: '069999000001', site: 'Maple Grove Elementary' },
  birch: { id: '069999000003', site: 'Birch Hollow Elementary' },
  cedar: { id: null, site: 'Cedar Ridge Middle' },
  aspen: { id: '069999000004', site: 'Aspen Valley Elementary' },
};
