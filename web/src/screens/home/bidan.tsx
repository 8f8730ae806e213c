import { th } from "../../i18n/home.ts";
import { TaskBoard } from "./tasks.tsx";

/**
 * A bidan or perawat at the pustu: her own tasks by programme, with the dusun and "for whom"
 * filters; the kader's tasks in one collapsed group; posyandu mode one tap away.
 */
export default function BidanHome() {
  return (
    <>
      <a class="card row" href="#/posyandu" data-testid="home-posyandu">
        <span>
          <strong>{th("hmPosyanduMode")}</strong>
          <br />
          <span class="muted">{th("hmPosyanduModeHint")}</span>
        </span>
        <span aria-hidden="true">›</span>
      </a>
      <h2>{th("hmMine")}</h2>
      <TaskBoard own={["pustu"]} others="collapsed" filters />
    </>
  );
}
