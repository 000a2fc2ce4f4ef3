// Common passwords (international lists plus Chinese favourites: pinyin surnames, 520/1314 numbers).
// Checked case-insensitively, also with digits/symbols stripped from the ends (see password.ts).
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(`
000000 111111 112233 121212 123123 123456 1234567 12345678 123456789 1234567890 1314520 147258
147258369 159357 1q2w3e 1q2w3e4r 1qaz2wsx 5201314 520520 521521 654321 666666 888888 88888888
987654321 abc123 abcd1234 abcdef admin admin123 admin888 administrator aini1314 asdfgh asdfghjkl august
autumn baoye baoye123 baseball batman beijing cai cao changeme chen cheng china
company computer cui december default deng ding dong dragon du fan feng
football friday gao guangzhou guest guo han he hello hello123 hu huang
iloveyou iloveyou1314 insurance internet january jiang jin letmein liang liao lijing lin
liu liuyang login love lovely loveme lu luo lv ma master monday
monkey november october office p@ssw0rd p@ssword pan passw0rd password password1 peng princess
qazwsx qazwsxedc qwer1234 qwerty qwertyuiop ren root secret security september shadow shanghai
shen shenzhen song spring su summer sun sunshine superman system tan tang
test test1234 testtest tian trustno1 wang wangwei wei welcome welcome1 winter woaini
woaini1314 wu xiao xie xu yang yao ye yu yuan zaq12wsx zeng
zhang zhangwei zhao zheng zhong zhongguo zhou zhu zxcvbnm
`.split(/\s+/).filter(Boolean));
