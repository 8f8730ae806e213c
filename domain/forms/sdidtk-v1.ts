import { ageMonthsAtLeast, ageMonthsBelow, opt, refer, risk, t } from "./common.ts";
import { DAYS_PER_WHO_MONTH } from "./engine.ts";
import type { Condition, Expression, Field, FormDefinition, Text } from "./types.ts";

/**
 * SDIDTK (stimulasi, deteksi dan intervensi dini tumbuh kembang) for children 0–72 months:
 * KPSP by age band, the hearing test (TDD), the vision test (TDL), and the mental-emotional
 * instruments where the age applies (KMME, M-CHAT-R/F, GPPH).
 *
 * Source: Kemenkes RI, Pedoman Pelaksanaan Stimulasi, Deteksi dan Intervensi Dini Tumbuh
 * Kembang Anak di Tingkat Pelayanan Kesehatan Dasar, 2016 (revision of Depkes 2005/2006).
 * Not confirmed against the book itself: the book was not reachable; the rules below are as the
 * book's text is quoted, word for word across several independent copies (puskesmas SOPs,
 * teaching modules). No page numbers are given because none could be checked.
 */

/** Sasaran SDIDTK: children 0–72 months (Pedoman SDIDTK 2016: "sasaran KPSP anak umur 0–72 bulan"). */
export const SDIDTK_MAX_AGE_MONTHS = 72;

/**
 * KPSP screening ages in months (Pedoman SDIDTK 2016, jadwal skrining KPSP: 3, 6, 9, 12, 15, 18,
 * 21, 24, 30, 36, 42, 48, 54, 60, 66 and 72 months).
 */
export const KPSP_BANDS = [3, 6, 9, 12, 15, 18, 21, 24, 30, 36, 42, 48, 54, 60, 66, 72] as const;
export type KpspBand = (typeof KPSP_BANDS)[number];

/**
 * The KPSP age (Pedoman SDIDTK 2016, cara menggunakan KPSP): "bila umur anak lebih 16 hari
 * dibulatkan menjadi 1 bulan" with the book's own example "3 bulan 16 hari → 4 bulan; 3 bulan 15
 * hari → 3 bulan", so 16 days or more round up. Then: "apabila ... umur anak bukan umur
 * skrining, gunakan KPSP untuk umur skrining terdekat yang lebih muda" (the younger band).
 * Months here are WHO months (30.4375 days), as $ageDays / $ageMonths count them; a calendar
 * month differs by at most a day or two around the boundary.
 */
export const KPSP_ROUND_UP_FROM_DAY = 16;

/**
 * The first age in days at which the KPSP age (rounded as above) reaches `months`: (months − 1)
 * WHO months and 16 days, rounded down (so 8 calendar months and 16 days, 259 days from 15
 * January, is in the 9-month list and 8 months 15 days is not; within a day of the calendar rule).
 */
export function kpspStartDay(months: number): number {
  return Math.floor((months - 1) * DAYS_PER_WHO_MONTH + KPSP_ROUND_UP_FROM_DAY);
}

/** The KPSP band for an age in days (the younger band between two screening ages), or null under the first. */
export function kpspBandForAgeDays(days: number): KpspBand | null {
  let band: KpspBand | null = null;
  for (const b of KPSP_BANDS) if (days >= kpspStartDay(b)) band = b;
  return band;
}

/**
 * KPSP interpretation (Pedoman SDIDTK 2016): "Ya" 9 or 10 = sesuai (S), 7 or 8 = meragukan (M),
 * 6 or fewer = kemungkinan ada penyimpangan (P).
 */
export const KPSP_SESUAI_MIN = 9;
export const KPSP_MERAGUKAN_MIN = 7;
export type KpspCategory = "S" | "M" | "P";
/** S sesuai, M meragukan, P kemungkinan penyimpangan, from the number of "Ya" answers. */
export function kpspCategory(ya: number): KpspCategory {
  return ya >= KPSP_SESUAI_MIN ? "S" : ya >= KPSP_MERAGUKAN_MIN ? "M" : "P";
}

/**
 * KPSP meragukan: teach the mother to stimulate the child more often and screen again after
 * 2 weeks with the KPSP for the child's age (Pedoman SDIDTK 2016, intervensi KPSP meragukan:
 * "lakukan penilaian ulang KPSP 2 minggu kemudian").
 */
export const KPSP_ULANG_DAYS = 14;

/** TDD from 3 months: every 3 months under 12 months, every 6 months from 12 to 72 months (Pedoman SDIDTK 2016, jadwal TDD). */
export const TDD_FROM_MONTHS = 3;
/** TDL every 6 months from 36 to 72 months (Pedoman SDIDTK 2016, jadwal TDL). */
export const TDL_FROM_MONTHS = 36;
/**
 * KMME (12 questions) every 6 months from 36 to 72 months; any "Ya" = kemungkinan masalah
 * mental emosional. One "Ya": counsel the parents (Buku Pedoman Pola Asuh) and evaluate after 3
 * months, refer if unchanged; two or more: refer to a hospital with child mental-health /
 * tumbuh-kembang services (Pedoman SDIDTK 2016, KMME interpretasi dan intervensi).
 * Not confirmed: the "2 or more → refer" step is quoted from the 2016 book in teaching copies;
 * the copy found here was cut off before it.
 */
export const KMME_FROM_MONTHS = 36;
export const KMME_ITEMS = 12;
export const KMME_REFER_MIN = 2;

/**
 * M-CHAT-R/F (Robins, Fein & Barton 2009; Robins et al., Pediatrics 2014;133:37–45): 20 items
 * for 16–30 months. Total 0–2 low risk; 3–7 medium risk: do the Follow-Up interview, positive
 * when it still scores 2 or more → refer; 8–20 high risk: refer at once (the Follow-Up may be
 * skipped). The 2016 Kemenkes book lists an autism checklist for 18–36 months; which version it
 * prints (CHAT or M-CHAT-R) is not confirmed here: this form uses the M-CHAT-R/F ages and
 * scoring. The items are filled on the official M-CHAT-R/F form (Indonesian translation on
 * mchatscreen.com); the form records the totals only.
 */
export const MCHAT_FROM_MONTHS = 16;
export const MCHAT_UNTIL_MONTHS = 30;
export const MCHAT_MEDIUM_MIN = 3;
export const MCHAT_HIGH_MIN = 8;
export const MCHAT_FOLLOWUP_POSITIVE_MIN = 2;
export type MchatRisk = "rendah" | "sedang" | "tinggi";
export function mchatRisk(score: number): MchatRisk {
  return score >= MCHAT_HIGH_MIN ? "tinggi" : score >= MCHAT_MEDIUM_MIN ? "sedang" : "rendah";
}

/**
 * GPPH (gangguan pemusatan perhatian dan hiperaktivitas) with the Abbreviated Conners Rating
 * Scale, 10 items scored 0–3, from 36 months when a parent or teacher has a concern; total 13 or
 * more = kemungkinan GPPH → refer (Pedoman SDIDTK 2016, deteksi dini GPPH). Optional here.
 */
export const GPPH_FROM_MONTHS = 36;
export const GPPH_REFER_MIN = 13;

// --- KPSP questions --------------------------------------------------------------------------------
//
// PARAPHRASED, NOT THE OFFICIAL KPSP WORDING; THE BIDAN MUST CHECK AGAINST THE KPSP BOOKLET.
// The official questions (with their pictures and the test materials: cubes, raisins, ball)
// could not be reached from the sources available. Each band below lists 10 short paraphrases
// of the milestones expected at that age in the four KPSP domains: gerak kasar (GK), gerak
// halus (GH), bicara dan bahasa (BB), sosialisasi dan kemandirian (SK). The scoring rule (count
// of "Ya") is the official one.

type Q = [domain: "GK" | "GH" | "BB" | "SK", id: string, en: string];

const KPSP_QUESTIONS: Record<KpspBand, Q[]> = {
  3: [
    ["GK", "Saat telentang, apakah kedua lengan dan tungkai bergerak dengan mudah?", "Lying on the back, do both arms and legs move easily?"],
    ["SK", "Saat telentang, apakah bayi melihat dan menatap wajah Anda?", "Lying on the back, does the baby look at your face?"],
    ["BB", "Apakah bayi mengeluarkan suara selain menangis (mengoceh)?", "Does the baby make sounds other than crying (cooing)?"],
    ["GH", "Apakah bayi mengikuti gerakan Anda dari samping ke tengah dengan menggerakkan kepala?", "Does the baby follow you from the side to the middle by turning the head?"],
    ["GH", "Apakah bayi mengikuti gerakan Anda dari satu sisi hampir sampai ke sisi lain?", "Does the baby follow you from one side almost to the other?"],
    ["SK", "Bila Anda mengajak bicara dan tersenyum, apakah bayi tersenyum kembali?", "When you talk and smile, does the baby smile back?"],
    ["GK", "Saat telungkup, apakah bayi dapat mengangkat kepala?", "Lying on the tummy, can the baby lift the head?"],
    ["GK", "Saat telungkup, apakah bayi dapat mengangkat kepala sampai membentuk sudut 45°?", "Lying on the tummy, can the baby lift the head to 45°?"],
    ["GK", "Saat telungkup, apakah bayi dapat mengangkat kepala tegak lurus (90°)?", "Lying on the tummy, can the baby lift the head straight up (90°)?"],
    ["BB", "Apakah bayi tertawa keras atau bersuara gembira bernada tinggi?", "Does the baby laugh aloud or squeal with pleasure?"],
  ],
  6: [
    ["GK", "Apakah bayi dapat berbalik dari telungkup ke telentang (2 kali)?", "Can the baby roll from tummy to back (twice)?"],
    ["GK", "Saat telungkup, apakah bayi dapat mengangkat kepala dan dada bertumpu pada lengan?", "On the tummy, can the baby lift head and chest on the arms?"],
    ["GK", "Saat ditarik ke posisi duduk, apakah kepala bayi tidak tertinggal?", "Pulled to sitting, does the head keep up (no head lag)?"],
    ["GH", "Apakah bayi menggenggam pensil atau mainan yang disentuhkan ke jarinya?", "Does the baby grasp a pencil or toy touched to the fingers?"],
    ["GH", "Apakah bayi meraih mainan yang diletakkan dalam jangkauannya?", "Does the baby reach for a toy within reach?"],
    ["GH", "Apakah mata bayi mengikuti benda dari satu sisi ke sisi lain?", "Do the eyes follow an object from one side to the other?"],
    ["BB", "Apakah bayi menoleh ke arah suara?", "Does the baby turn towards a sound?"],
    ["BB", "Apakah bayi tertawa atau bersuara gembira bernada tinggi?", "Does the baby laugh or squeal?"],
    ["SK", "Apakah bayi tersenyum ketika melihat mainan atau gambar yang menarik?", "Does the baby smile at an interesting toy or picture?"],
    ["SK", "Apakah bayi dapat memasukkan biskuit ke mulutnya sendiri?", "Can the baby put a biscuit in the mouth alone?"],
  ],
  9: [
    ["GK", "Apakah bayi dapat duduk sendiri tanpa bersandar selama 60 detik?", "Can the baby sit alone without support for 60 seconds?"],
    ["GK", "Bila dipegang berdiri, apakah bayi menahan sebagian berat badannya dengan kaki?", "Held standing, does the baby bear some weight on the legs?"],
    ["GH", "Apakah bayi dapat memindahkan mainan dari satu tangan ke tangan lain?", "Can the baby pass a toy from one hand to the other?"],
    ["GH", "Apakah bayi dapat memungut dua benda, satu di tiap tangan, pada saat yang sama?", "Can the baby pick up two objects, one in each hand, at once?"],
    ["GH", "Apakah bayi dapat mengambil benda kecil (kismis) dengan jari-jarinya?", "Can the baby pick up a small object (a raisin) with the fingers?"],
    ["GH", "Apakah bayi berusaha meraih mainan yang agak jauh dari jangkauannya?", "Does the baby try to reach a toy slightly out of reach?"],
    ["BB", "Apakah bayi mengucapkan suara seperti \"ma-ma\", \"da-da\" (tanpa arti)?", "Does the baby babble \"ma-ma\", \"da-da\" (without meaning)?"],
    ["BB", "Apakah bayi mencari sumber suara yang tidak terlihat?", "Does the baby look for a sound it cannot see?"],
    ["SK", "Apakah bayi senang bermain cilukba atau bertepuk tangan?", "Does the baby enjoy peek-a-boo or clapping?"],
    ["SK", "Apakah bayi dapat makan biskuit sendiri?", "Can the baby feed itself a biscuit?"],
  ],
  12: [
    ["GK", "Apakah anak dapat berdiri sambil berpegangan?", "Can the child stand holding on?"],
    ["GK", "Apakah anak dapat berjalan sambil berpegangan pada perabot?", "Can the child walk holding on to furniture?"],
    ["GK", "Apakah anak dapat berdiri sendiri tanpa berpegangan selama beberapa detik?", "Can the child stand alone for a few seconds?"],
    ["GH", "Apakah anak dapat mengambil benda kecil dengan ujung ibu jari dan telunjuk?", "Can the child pick up a small object with thumb and index finger?"],
    ["GH", "Apakah anak dapat membenturkan dua kubus atau mainan?", "Can the child bang two cubes or toys together?"],
    ["GH", "Apakah anak dapat memasukkan kubus ke dalam cangkir?", "Can the child put a cube into a cup?"],
    ["BB", "Apakah anak memanggil \"papa\" atau \"mama\" kepada orangnya?", "Does the child say \"papa\" or \"mama\" to the right person?"],
    ["BB", "Apakah anak menirukan bunyi atau kata yang Anda ucapkan?", "Does the child imitate sounds or words you say?"],
    ["SK", "Apakah anak dapat melambaikan tangan \"dada\"?", "Can the child wave bye-bye?"],
    ["SK", "Apakah anak menunjukkan apa yang diinginkannya tanpa menangis atau merengek?", "Does the child show what it wants without crying or whining?"],
  ],
  15: [
    ["GK", "Apakah anak dapat berjalan sendiri beberapa langkah tanpa jatuh?", "Can the child walk a few steps alone without falling?"],
    ["GK", "Apakah anak dapat membungkuk memungut mainan lalu berdiri kembali?", "Can the child stoop to pick up a toy and stand up again?"],
    ["GH", "Apakah anak dapat menumpuk 2 kubus?", "Can the child stack 2 cubes?"],
    ["GH", "Apakah anak dapat mencoret-coret kertas dengan pensil?", "Can the child scribble with a pencil?"],
    ["BB", "Apakah anak dapat mengucapkan 1–3 kata bermakna selain \"papa\" dan \"mama\"?", "Does the child say 1–3 meaningful words besides \"papa\" and \"mama\"?"],
    ["BB", "Apakah anak mengerti perintah sederhana, misalnya \"ambil bola\"?", "Does the child understand a simple request such as \"get the ball\"?"],
    ["BB", "Apakah anak menunjuk sesuatu yang diinginkannya?", "Does the child point at what it wants?"],
    ["SK", "Apakah anak dapat minum dari gelas sendiri tanpa banyak tumpah?", "Can the child drink from a cup without spilling much?"],
    ["SK", "Apakah anak menirukan pekerjaan rumah tangga (menyapu, mengelap)?", "Does the child copy housework (sweeping, wiping)?"],
    ["SK", "Apakah anak menunjukkan kasih sayang, misalnya memeluk?", "Does the child show affection, e.g. hugging?"],
  ],
  18: [
    ["GK", "Apakah anak dapat berjalan dengan baik tanpa jatuh?", "Can the child walk well without falling?"],
    ["GK", "Apakah anak dapat berjalan mundur beberapa langkah?", "Can the child walk backwards a few steps?"],
    ["GK", "Apakah anak dapat naik tangga dengan berpegangan?", "Can the child climb stairs holding on?"],
    ["GH", "Apakah anak dapat menumpuk 2–4 kubus?", "Can the child stack 2–4 cubes?"],
    ["GH", "Apakah anak dapat memasukkan benda kecil ke dalam botol?", "Can the child put a small object into a bottle?"],
    ["BB", "Apakah anak dapat mengucapkan paling sedikit 3 kata bermakna?", "Does the child say at least 3 meaningful words?"],
    ["BB", "Bila ditanya, apakah anak dapat menunjuk 1 bagian tubuhnya?", "Asked, can the child point to 1 body part?"],
    ["SK", "Apakah anak dapat makan dengan sendok sendiri?", "Can the child eat with a spoon alone?"],
    ["SK", "Apakah anak dapat melepas pakaian sederhana (kaus kaki, topi)?", "Can the child take off simple clothes (socks, hat)?"],
    ["SK", "Apakah anak mau membantu atau menirukan pekerjaan rumah?", "Does the child help with or copy housework?"],
  ],
  21: [
    ["GK", "Apakah anak dapat berlari tanpa jatuh?", "Can the child run without falling?"],
    ["GK", "Apakah anak dapat menendang bola kecil?", "Can the child kick a small ball?"],
    ["GK", "Apakah anak dapat naik tangga sendiri?", "Can the child climb stairs alone?"],
    ["GH", "Apakah anak dapat menumpuk 4 kubus?", "Can the child stack 4 cubes?"],
    ["GH", "Apakah anak dapat mencoret garis dengan pensil?", "Can the child draw a line with a pencil?"],
    ["BB", "Apakah anak dapat mengucapkan 6 kata bermakna?", "Does the child say 6 meaningful words?"],
    ["BB", "Apakah anak dapat menunjuk 2 gambar atau benda bila disebut namanya?", "Can the child point to 2 named pictures or objects?"],
    ["BB", "Apakah anak dapat melakukan 2 perintah sederhana?", "Can the child follow 2 simple requests?"],
    ["SK", "Apakah anak dapat makan sendiri dengan sendok tanpa banyak tumpah?", "Can the child eat with a spoon without spilling much?"],
    ["SK", "Apakah anak menunjukkan atau memberikan mainannya kepada orang lain?", "Does the child show or give its toys to others?"],
  ],
  24: [
    ["GK", "Apakah anak dapat berlari dengan seimbang?", "Can the child run steadily?"],
    ["GK", "Apakah anak dapat menendang bola ke depan tanpa berpegangan?", "Can the child kick a ball forward without holding on?"],
    ["GK", "Apakah anak dapat naik dan turun tangga?", "Can the child go up and down stairs?"],
    ["GH", "Apakah anak dapat menumpuk 6 kubus?", "Can the child stack 6 cubes?"],
    ["GH", "Apakah anak dapat meniru membuat garis lurus?", "Can the child copy a straight line?"],
    ["BB", "Apakah anak dapat menggabungkan 2 kata (\"minum susu\")?", "Does the child join 2 words (\"drink milk\")?"],
    ["BB", "Apakah anak dapat menunjuk 4 bagian tubuhnya bila ditanya?", "Can the child point to 4 body parts when asked?"],
    ["BB", "Apakah anak dapat menyebut nama 2 benda atau gambar?", "Can the child name 2 objects or pictures?"],
    ["SK", "Apakah anak dapat melepas pakaiannya sendiri?", "Can the child take off its clothes?"],
    ["SK", "Apakah anak dapat mencuci dan mengeringkan tangan dengan sedikit bantuan?", "Can the child wash and dry its hands with a little help?"],
  ],
  30: [
    ["GK", "Apakah anak dapat melompat dengan kedua kaki bersamaan?", "Can the child jump with both feet together?"],
    ["GK", "Apakah anak dapat naik tangga tanpa berpegangan?", "Can the child climb stairs without holding on?"],
    ["GK", "Apakah anak dapat berdiri dengan satu kaki selama 1 detik?", "Can the child stand on one foot for 1 second?"],
    ["GH", "Apakah anak dapat menumpuk 8 kubus?", "Can the child stack 8 cubes?"],
    ["GH", "Apakah anak dapat meniru membuat garis tegak?", "Can the child copy a vertical line?"],
    ["BB", "Apakah anak dapat menyebut namanya sendiri?", "Can the child say its own name?"],
    ["BB", "Apakah anak mengerti kata \"di atas\" dan \"di bawah\"?", "Does the child understand \"on\" and \"under\"?"],
    ["BB", "Apakah anak dapat menyebut nama 4 gambar?", "Can the child name 4 pictures?"],
    ["SK", "Apakah anak dapat memakai baju sendiri dengan sedikit bantuan?", "Can the child put on clothes with a little help?"],
    ["SK", "Apakah anak bermain bersama anak lain?", "Does the child play with other children?"],
  ],
  36: [
    ["GK", "Apakah anak dapat berdiri dengan satu kaki selama 2 detik?", "Can the child stand on one foot for 2 seconds?"],
    ["GK", "Apakah anak dapat melompat ke depan dengan kedua kaki?", "Can the child jump forward with both feet?"],
    ["GK", "Apakah anak dapat mengayuh sepeda roda tiga?", "Can the child pedal a tricycle?"],
    ["GH", "Apakah anak dapat meniru menggambar lingkaran?", "Can the child copy a circle?"],
    ["GH", "Apakah anak dapat menggambar garis tegak dan garis datar?", "Can the child draw a vertical and a horizontal line?"],
    ["BB", "Apakah anak dapat menyebut nama lengkapnya?", "Can the child say its full name?"],
    ["BB", "Apakah anak berbicara dengan kalimat 3 kata?", "Does the child speak in 3-word sentences?"],
    ["BB", "Apakah anak mengerti 2 kata sifat (besar–kecil, panas–dingin)?", "Does the child understand 2 adjectives (big–small, hot–cold)?"],
    ["SK", "Apakah anak dapat memakai baju atau celana sendiri?", "Can the child put on a shirt or trousers alone?"],
    ["SK", "Apakah anak dapat bermain bergiliran dengan anak lain?", "Can the child take turns in play with other children?"],
  ],
  42: [
    ["GK", "Apakah anak dapat berdiri dengan satu kaki selama 3 detik?", "Can the child stand on one foot for 3 seconds?"],
    ["GK", "Apakah anak dapat melompat dengan satu kaki?", "Can the child hop on one foot?"],
    ["GK", "Apakah anak dapat menangkap bola besar dengan kedua tangan?", "Can the child catch a big ball with both hands?"],
    ["GH", "Apakah anak dapat meniru menggambar tanda tambah (+)?", "Can the child copy a plus sign (+)?"],
    ["GH", "Apakah anak dapat menggambar orang dengan 3 bagian tubuh?", "Can the child draw a person with 3 body parts?"],
    ["BB", "Apakah anak dapat menyebut 2 warna?", "Can the child name 2 colours?"],
    ["BB", "Apakah anak dapat menjawab pertanyaan sederhana (\"siapa namamu?\", \"di mana rumahmu?\")?", "Can the child answer simple questions (\"what is your name?\", \"where do you live?\")?"],
    ["BB", "Apakah anak mengerti arti lawan kata (besar–kecil)?", "Does the child understand opposites (big–small)?"],
    ["SK", "Apakah anak dapat berpakaian sendiri tanpa bantuan?", "Can the child dress without help?"],
    ["SK", "Apakah anak dapat bermain permainan sederhana dengan aturan?", "Can the child play a simple game with rules?"],
  ],
  48: [
    ["GK", "Apakah anak dapat berdiri dengan satu kaki selama 5 detik?", "Can the child stand on one foot for 5 seconds?"],
    ["GK", "Apakah anak dapat melompat dengan satu kaki beberapa kali?", "Can the child hop on one foot several times?"],
    ["GK", "Apakah anak dapat menangkap bola yang dipantulkan?", "Can the child catch a bounced ball?"],
    ["GH", "Apakah anak dapat meniru menggambar tanda silang (×) atau kotak?", "Can the child copy a cross (×) or a square?"],
    ["GH", "Apakah anak dapat menggambar orang dengan 3 bagian tubuh atau lebih?", "Can the child draw a person with 3 or more body parts?"],
    ["BB", "Apakah anak dapat menyebut 4 warna?", "Can the child name 4 colours?"],
    ["BB", "Apakah anak dapat menyebut kegunaan benda (sendok untuk makan)?", "Can the child say what objects are for (a spoon is for eating)?"],
    ["BB", "Apakah anak dapat menceritakan kejadian dengan kalimat lengkap?", "Can the child tell what happened in full sentences?"],
    ["SK", "Apakah anak dapat mengancingkan bajunya sendiri?", "Can the child button its clothes?"],
    ["SK", "Apakah anak mau berpisah dari ibu tanpa menangis berlebihan?", "Can the child leave its mother without crying much?"],
  ],
  54: [
    ["GK", "Apakah anak dapat berdiri dengan satu kaki selama 6 detik?", "Can the child stand on one foot for 6 seconds?"],
    ["GK", "Apakah anak dapat berjalan jinjit?", "Can the child walk on tiptoe?"],
    ["GK", "Apakah anak dapat melompat-lompat dengan satu kaki?", "Can the child hop repeatedly on one foot?"],
    ["GH", "Apakah anak dapat meniru menggambar segi empat?", "Can the child copy a square?"],
    ["GH", "Apakah anak dapat menggambar orang dengan 6 bagian tubuh?", "Can the child draw a person with 6 body parts?"],
    ["BB", "Apakah anak dapat menyebut kegunaan 3 benda?", "Can the child say what 3 objects are for?"],
    ["BB", "Apakah anak dapat menghitung 5 benda?", "Can the child count 5 objects?"],
    ["BB", "Apakah anak dapat menjawab \"apa yang kamu lakukan bila lapar/lelah?\"", "Can the child answer \"what do you do when hungry/tired?\""],
    ["SK", "Apakah anak dapat menggosok gigi sendiri?", "Can the child brush its teeth?"],
    ["SK", "Apakah anak dapat berpakaian lengkap sendiri?", "Can the child dress fully alone?"],
  ],
  60: [
    ["GK", "Apakah anak dapat berjalan lurus dengan tumit menyentuh jari kaki (4 langkah)?", "Can the child walk heel-to-toe in a line (4 steps)?"],
    ["GK", "Apakah anak dapat melompat-lompat dengan satu kaki?", "Can the child hop on one foot?"],
    ["GK", "Apakah anak dapat menangkap bola kecil dengan kedua tangan?", "Can the child catch a small ball with both hands?"],
    ["GH", "Apakah anak dapat menggambar segi empat?", "Can the child draw a square?"],
    ["GH", "Apakah anak dapat menggambar orang dengan 6 bagian tubuh?", "Can the child draw a person with 6 body parts?"],
    ["BB", "Apakah anak dapat menyebut lawan kata (panas–dingin)?", "Can the child give opposites (hot–cold)?"],
    ["BB", "Apakah anak mengerti 3 kata depan (di atas, di bawah, di depan)?", "Does the child understand 3 prepositions (on, under, in front of)?"],
    ["BB", "Apakah anak dapat menjawab \"terbuat dari apa\" sebuah benda?", "Can the child say what an object is made of?"],
    ["SK", "Apakah anak dapat berpakaian sendiri tanpa bantuan?", "Can the child dress without help?"],
    ["SK", "Apakah anak bermain dengan teman mengikuti aturan permainan?", "Does the child play with friends by the rules of a game?"],
  ],
  66: [
    ["GK", "Apakah anak dapat berdiri dengan satu kaki selama 10 detik?", "Can the child stand on one foot for 10 seconds?"],
    ["GK", "Apakah anak dapat melompat ke depan 3 kali dengan satu kaki?", "Can the child hop forward 3 times on one foot?"],
    ["GK", "Apakah anak dapat berjalan lurus tumit ke jari kaki (4 langkah)?", "Can the child walk heel-to-toe (4 steps)?"],
    ["GH", "Apakah anak dapat meniru menggambar segitiga?", "Can the child copy a triangle?"],
    ["GH", "Apakah anak dapat menulis beberapa huruf?", "Can the child write a few letters?"],
    ["BB", "Apakah anak mengerti 4 kata depan?", "Does the child understand 4 prepositions?"],
    ["BB", "Apakah anak dapat menjelaskan arti 5 kata (bola, danau, meja, ...)?", "Can the child explain 5 words (ball, lake, table, ...)?"],
    ["BB", "Apakah anak dapat menghitung 10 benda?", "Can the child count 10 objects?"],
    ["SK", "Apakah anak dapat makan, mandi dan berpakaian sendiri?", "Can the child eat, bathe and dress alone?"],
    ["SK", "Apakah anak bermain dengan aturan dan mau menunggu giliran?", "Does the child play by rules and wait its turn?"],
  ],
  72: [
    ["GK", "Apakah anak dapat berdiri dengan satu kaki selama 11 detik?", "Can the child stand on one foot for 11 seconds?"],
    ["GK", "Apakah anak dapat berjalan lurus tumit ke jari kaki maju 4 langkah atau lebih?", "Can the child walk heel-to-toe forward 4 or more steps?"],
    ["GK", "Apakah anak dapat menangkap bola kecil?", "Can the child catch a small ball?"],
    ["GH", "Apakah anak dapat menyalin segitiga?", "Can the child copy a triangle?"],
    ["GH", "Apakah anak dapat menulis namanya sendiri?", "Can the child write its own name?"],
    ["BB", "Apakah anak dapat menjelaskan arti 7 kata?", "Can the child explain 7 words?"],
    ["BB", "Apakah anak dapat menyebut angka 1 sampai 10 berurutan?", "Can the child say the numbers 1 to 10 in order?"],
    ["BB", "Apakah anak dapat menceritakan kembali cerita pendek?", "Can the child retell a short story?"],
    ["SK", "Apakah anak dapat mengurus dirinya sendiri (makan, mandi, berpakaian)?", "Can the child look after itself (eat, bathe, dress)?"],
    ["SK", "Apakah anak mengikuti aturan permainan dan mau berbagi?", "Does the child follow game rules and share?"],
  ],
};

const DOMAIN: Record<Q[0], Text> = {
  GK: t("gerak kasar", "gross motor"),
  GH: t("gerak halus", "fine motor"),
  BB: t("bicara dan bahasa", "speech and language"),
  SK: t("sosialisasi dan kemandirian", "social and self-help"),
};

/** The answer key of a KPSP question: kpsp_9_3 = band 9 months, question 3. */
export const kpspFieldId = (band: KpspBand, n: number) => `kpsp_${band}_${n}`;
export const kpspFieldIds = (band: KpspBand): string[] => KPSP_QUESTIONS[band].map((_q, i) => kpspFieldId(band, i + 1));

/** The child's KPSP age is in this band (younger-band rule); `ifUnknown` for skip logic only. */
function inBand(band: KpspBand, ifUnknown?: boolean): Condition {
  const i = KPSP_BANDS.indexOf(band);
  const next = KPSP_BANDS[i + 1];
  const u = ifUnknown === undefined ? {} : { ifUnknown };
  const from: Condition = { field: "$ageDays", op: "gte", value: kpspStartDay(band), ...u };
  return next === undefined ? from : { all: [from, { field: "$ageDays", op: "lt", value: kpspStartDay(next), ...u }] };
}

const KPSP_DONE: Condition = { field: "kpsp_dilakukan", op: "eq", value: true };

const kpspFields: Field[] = KPSP_BANDS.flatMap((band) =>
  KPSP_QUESTIONS[band].map(([d, id, en], i): Field => ({
    id: kpspFieldId(band, i + 1), type: "yesno", required: true,
    showIf: { all: [KPSP_DONE, inBand(band, true)] },
    label: t(`${i + 1}. ${id}`, `${i + 1}. ${en}`),
    hint: i === 0
      ? t(`KPSP umur ${band} bulan (${DOMAIN[d].id}). Pertanyaan ringkasan, cocokkan dengan buku KPSP.`, `KPSP for ${band} months (${DOMAIN[d].en}). Paraphrased question: check against the KPSP booklet.`)
      : t(DOMAIN[d].id, DOMAIN[d].en),
  })));

/** "Ya" answers of the band the child's age selects; null when KPSP was not done or a question is blank. */
const KPSP_YA: Expression = {
  fn: "cases",
  cases: KPSP_BANDS.map((band) => ({ when: inBand(band), expr: { fn: "countTrue", fields: kpspFieldIds(band) } as Expression })),
};

const kpspYa = (op: "gte" | "lt" | "lte", value: number): Condition => ({ field: "kpsp_ya", op, value });
const RESULT = [opt("normal", "Normal", "Normal"), opt("curiga", "Curiga gangguan", "Possible problem")];

export const SDIDTK_V1: FormDefinition = {
  id: "sdidtk",
  version: 1,
  title: t("Deteksi dini tumbuh kembang (SDIDTK)", "Child development screening (SDIDTK)"),
  cluster: 2,
  appliesTo: { maxAgeMonths: SDIDTK_MAX_AGE_MONTHS + 1 },
  needs: ["birthDate"],
  sections: [
    {
      id: "kpsp",
      title: t("Perkembangan (KPSP)", "Development (KPSP)"),
      fields: [
        {
          id: "kpsp_dilakukan", type: "yesno", required: true, showIf: { field: "$ageDays", op: "gte", value: kpspStartDay(KPSP_BANDS[0]), ifUnknown: true },
          label: t("KPSP dilakukan hari ini?", "KPSP done today?"),
          hint: t("Daftar pertanyaan dipilih dari umur anak (sisa ≥ 16 hari dibulatkan ke atas; di antara dua umur skrining dipakai KPSP umur yang lebih muda).", "The list is chosen from the child's age (16 days or more round up; between two screening ages the younger list is used)."),
        },
        ...kpspFields,
        { id: "kpsp_ya", type: "computed", expr: KPSP_YA, label: t("Jumlah jawaban Ya (KPSP)", "Number of Yes answers (KPSP)"), display: { kind: "number", unit: "" } },
      ],
    },
    {
      id: "dengar_lihat",
      title: t("Daya dengar dan daya lihat", "Hearing and vision"),
      fields: [
        {
          id: "tdd_hasil", type: "single", showIf: ageMonthsAtLeast(TDD_FROM_MONTHS), options: RESULT,
          label: t("Tes daya dengar (TDD)", "Hearing test (TDD)"),
          hint: t("Curiga gangguan bila ada satu atau lebih jawaban Tidak. Kosongkan bila tidak diperiksa.", "Possible problem when one or more answers are No. Leave empty if not tested."),
        },
        {
          id: "tdl_hasil", type: "single", showIf: ageMonthsAtLeast(TDL_FROM_MONTHS), options: RESULT,
          label: t("Tes daya lihat (TDL, kartu E)", "Vision test (TDL, E chart)"),
          hint: t("Curiga gangguan bila anak tidak dapat melihat sampai baris ketiga dengan salah satu mata. Kosongkan bila tidak diperiksa.", "Possible problem when the child cannot see to the third line with either eye. Leave empty if not tested."),
        },
      ],
    },
    {
      id: "mental",
      title: t("Mental emosional dan perilaku", "Mental, emotional and behaviour"),
      fields: [
        {
          id: "kmme_ya", type: "number", unit: "", min: 0, max: KMME_ITEMS, decimals: 0, showIf: ageMonthsAtLeast(KMME_FROM_MONTHS),
          label: t("KMME: jumlah jawaban Ya (0–12)", "KMME: number of Yes answers (0–12)"),
          hint: t("Kuesioner Masalah Mental Emosional, umur 36–72 bulan. Kosongkan bila tidak dilakukan.", "Mental-emotional problem questionnaire, 36–72 months. Leave empty if not done."),
        },
        {
          id: "mchat_skor", type: "number", unit: "", min: 0, max: 20, decimals: 0,
          showIf: { all: [ageMonthsAtLeast(MCHAT_FROM_MONTHS), ageMonthsBelow(MCHAT_UNTIL_MONTHS + 1)] },
          label: t("M-CHAT-R: skor total (0–20)", "M-CHAT-R: total score (0–20)"),
          hint: t("Umur 16–30 bulan, diisi pada formulir M-CHAT-R resmi. Kosongkan bila tidak dilakukan.", "16–30 months, filled on the official M-CHAT-R form. Leave empty if not done."),
        },
        {
          id: "mchat_followup_skor", type: "number", unit: "", min: 0, max: 20, decimals: 0,
          showIf: { all: [{ field: "mchat_skor", op: "gte", value: MCHAT_MEDIUM_MIN }, { field: "mchat_skor", op: "lt", value: MCHAT_HIGH_MIN }] },
          label: t("M-CHAT-R/F: skor wawancara lanjutan (follow-up)", "M-CHAT-R/F: Follow-Up interview score"),
          hint: t("Untuk skor 3–7. Kosongkan bila wawancara belum dilakukan.", "For a score of 3–7. Leave empty if the interview is not done yet."),
        },
        {
          id: "gpph_skor", type: "number", unit: "", min: 0, max: 30, decimals: 0, showIf: ageMonthsAtLeast(GPPH_FROM_MONTHS),
          label: t("GPPH (Conners singkat): skor total (0–30)", "ADHD (abbreviated Conners): total score (0–30)"),
          hint: t("Bila ada keluhan orang tua/guru. Kosongkan bila tidak dilakukan.", "When a parent or teacher has a concern. Leave empty if not done."),
        },
        { id: "stimulasi_diajarkan", type: "yesno", required: true, label: t("Ibu/pengasuh diajari stimulasi sesuai umur?", "Carer taught age-appropriate stimulation?") },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  flags: [
    risk("kpsp_meragukan", { all: [kpspYa("gte", KPSP_MERAGUKAN_MIN), kpspYa("lt", KPSP_SESUAI_MIN)] },
      t("KPSP meragukan (7–8 jawaban Ya)", "KPSP doubtful (7–8 Yes answers)"),
      t("Ajari ibu stimulasi lebih sering untuk kemampuan yang belum bisa; cari penyakit yang menghambat; ulangi KPSP 2 minggu lagi dengan KPSP sesuai umur.", "Teach the mother to stimulate the missing skills more often; look for illness; repeat the KPSP in 2 weeks with the KPSP for the child's age.")),
    refer("kpsp_penyimpangan", kpspYa("lte", KPSP_MERAGUKAN_MIN - 1),
      t("KPSP: kemungkinan penyimpangan perkembangan (≤ 6 jawaban Ya)", "KPSP: possible developmental delay (6 or fewer Yes answers)"),
      t("Rujuk ke rumah sakit (dokter anak/tumbuh kembang); tulis jenis dan jumlah penyimpangan (gerak kasar, gerak halus, bicara, sosialisasi).", "Refer to hospital (paediatrics/child development); write down which domains and how many items failed."),
      "rumah_sakit"),
    refer("tdd_curiga", { field: "tdd_hasil", op: "eq", value: "curiga" },
      t("Tes daya dengar: curiga gangguan pendengaran", "Hearing test: possible hearing problem"),
      t("Periksa telinga (kotoran, infeksi) di puskesmas; bila tidak dapat ditanggulangi rujuk ke rumah sakit (THT).", "Examine the ears (wax, infection) at the puskesmas; if it cannot be managed refer to hospital (ENT).")),
    refer("tdl_curiga", { field: "tdl_hasil", op: "eq", value: "curiga" },
      t("Tes daya lihat: curiga gangguan penglihatan", "Vision test: possible vision problem"),
      t("Ulangi tes daya lihat; bila tetap tidak dapat melihat sampai baris yang sama, rujuk ke puskesmas/rumah sakit (dokter mata).", "Repeat the vision test; if still unable to see to the same line, refer to the puskesmas/hospital (eye doctor).")),
    risk("kmme_1", { field: "kmme_ya", op: "eq", value: 1 },
      t("KMME: kemungkinan masalah mental emosional (1 jawaban Ya)", "KMME: possible mental-emotional problem (1 Yes)"),
      t("Konseling orang tua (pola asuh yang mendukung perkembangan anak); evaluasi lagi 3 bulan; rujuk bila tidak ada perubahan.", "Counsel the parents on supportive parenting; evaluate again in 3 months; refer if no change.")),
    refer("kmme_rujuk", { field: "kmme_ya", op: "gte", value: KMME_REFER_MIN },
      t("KMME: 2 atau lebih masalah mental emosional", "KMME: 2 or more mental-emotional problems"),
      t("Rujuk ke rumah sakit dengan layanan kesehatan jiwa/tumbuh kembang anak; sertakan jumlah dan jenis masalah.", "Refer to a hospital with child mental-health/development services; include the number and kind of problems."),
      "rumah_sakit"),
    risk("mchat_sedang", { all: [{ field: "mchat_skor", op: "gte", value: MCHAT_MEDIUM_MIN }, { field: "mchat_skor", op: "lt", value: MCHAT_HIGH_MIN }, { field: "mchat_followup_skor", op: "unanswered" }] },
      t("M-CHAT-R risiko sedang (3–7): perlu wawancara lanjutan", "M-CHAT-R medium risk (3–7): Follow-Up interview needed"),
      t("Lakukan wawancara lanjutan M-CHAT-R/F; rujuk bila skornya 2 atau lebih.", "Do the M-CHAT-R/F Follow-Up interview; refer if it scores 2 or more.")),
    refer("mchat_rujuk", {
      any: [
        { field: "mchat_skor", op: "gte", value: MCHAT_HIGH_MIN },
        { all: [{ field: "mchat_skor", op: "gte", value: MCHAT_MEDIUM_MIN }, { field: "mchat_followup_skor", op: "gte", value: MCHAT_FOLLOWUP_POSITIVE_MIN }] },
      ],
    }, t("M-CHAT-R/F positif: risiko gangguan spektrum autisme", "M-CHAT-R/F positive: risk of autism spectrum disorder"),
      t("Rujuk ke rumah sakit (tumbuh kembang/kesehatan jiwa anak) untuk evaluasi diagnostik dan intervensi dini.", "Refer to hospital (child development/mental health) for diagnostic evaluation and early intervention."),
      "rumah_sakit"),
    refer("gpph", { field: "gpph_skor", op: "gte", value: GPPH_REFER_MIN },
      t("Kemungkinan GPPH (skor Conners ≥ 13)", "Possible ADHD (Conners score ≥ 13)"),
      t("Rujuk ke rumah sakit (tumbuh kembang/kesehatan jiwa anak).", "Refer to hospital (child development/mental health)."),
      "rumah_sakit"),
  ],
};
