/** The photo database's name, in its own module: the unlock checks for it without loading the photo code. */
export const PHOTO_DB_NAME = "simpul-photos";
