import { T, type DemoScenario } from './drill';

/**
 * Scenarios B and C of the brief as drills already held and closed, for the demo's incident
 * list, replay, metrics and after-action report (`npm run demo` seeds them beside the running
 * drill A). Every task has fixed step times, so the last step of each comes before its agency
 * stands down and the commander closes the drill (nothing is accepted after that, SPEC INC2).
 * Times are minutes after the alarm; the brief's targets are met, or missed by a little where a
 * real drill would miss them (two tasks each: in B the contact list and the disinfection that
 * was held up, in C the head count and the record of damaged goods).
 */

/** B: a suspected infectious-disease case at passenger screening, severity III. */
export const EPIDEMIC_DRILL: DemoScenario = {
  scenario: 'epidemic',
  incident: {
    title: T('客运码头旅检现场疑似传染病病例', 'Suspected infectious disease at ferry passenger screening'),
    description: T(
      '“海晨6号”客轮一名入境旅客发热、咳嗽，自述接触过确诊病例。演练脚本B。',
      'A passenger off the ferry Hai Chen 6 has a fever and a cough and reports contact with a confirmed case. Drill script B.',
    ),
    location: T('客运码头B到达大厅', 'Ferry terminal, arrivals hall B'),
  },
  severity: 'III',
  agencies: ['customs', 'border', 'port', 'medical', 'police'],
  spanMin: 75,
  agencySteps: {
    customs: [0.2, 0.4, 0.8, 70],
    border: [0.6, 1, 1.8, 69],
    port: [1, 2, 3.5, 71],
    medical: [2, 3, 17.5, 58],
    police: [2.5, 4, 9, 70.5],
  },
  changes: [
    { t: 12, make: (s) => ({ type: 'ChangePhase', expectedVersion: s.version, phase: 'containment' }) },
    {
      t: 31.8,
      make: (s, txt) => ({
        type: 'UpdateIncident',
        expectedVersion: s.version,
        description: `${s.description}\n${txt(T('按座位图排查出密切接触者23人，均在3号候检室留观。', '23 close contacts found from the seat plan, all kept in waiting room 3.'))}`,
      }),
    },
    { t: 52, make: (s) => ({ type: 'ChangePhase', expectedVersion: s.version, phase: 'recovery' }) },
    { t: 73.3, make: (s) => ({ type: 'ChangePhase', expectedVersion: s.version, phase: 'closed' }) },
  ],
  tasks: [
    // Customs health quarantine
    { agency: 'customs', t: 0.5, title: T('对该旅客进行医学排查和流行病学调查', 'Medical screening and epidemiological questions for the passenger'), priority: 'urgent', due: 10, end: 'done', steps: [1.2, 1.6, 9] },
    { agency: 'customs', t: 1, title: T('将旅客转移至隔离留验室', 'Move the passenger to the quarantine room'), priority: 'urgent', due: 10, end: 'done', steps: [1.8, 3, 8.5] },
    { agency: 'customs', t: 5, title: T('根据座位图排查密切接触者', 'Identify close contacts from the seat plan'), priority: 'high', due: 25, end: 'done', steps: [6, 7, 31] },
    { agency: 'customs', t: 9, title: T('采集旅客咽拭子样本', "Take throat swabs from the passenger"), priority: 'high', due: 15, end: 'done', steps: [10, 11, 16] },
    { agency: 'customs', by: 'customs', t: 16.5, title: T('样本送口岸卫生检疫实验室', 'Send the samples to the port health lab'), priority: 'normal', due: 30, end: 'done', steps: [17, 20, 44] },
    // Border inspection
    { agency: 'border', t: 1.5, title: T('在通道内暂留同航次旅客', 'Hold the passengers of the same voyage at the channel'), priority: 'urgent', due: 5, end: 'done', steps: [2.1, 2.6, 4.5] },
    { agency: 'border', t: 3, title: T('引导其他旅客改走5至8号通道', 'Send other passengers to lanes 5 to 8'), priority: 'high', due: 10, end: 'done', steps: [3.6, 4.1, 6.5] },
    { agency: 'border', t: 4, title: T('提供“海晨6号”旅客名单及联系方式', 'Provide the passenger list and contact details of Hai Chen 6'), priority: 'high', due: 15, end: 'done', steps: [4.6, 5.1, 13] },
    { agency: 'border', by: 'border', t: 36, title: T('登记并放行非密接旅客', 'Register and release the passengers who were not in contact'), priority: 'normal', end: 'done', steps: [36.6, 37.1, 48] },
    // Port operator (the terminal)
    { agency: 'port', t: 2, title: T('封闭B到达大厅2区', 'Close section 2 of arrivals hall B'), priority: 'urgent', due: 10, end: 'done', location: T('B到达大厅2区', 'Hall B, section 2'), steps: [2.6, 3.1, 7.5] },
    { agency: 'port', t: 6, title: T('B厅通风系统切换为全新风', 'Switch hall B ventilation to full fresh air'), priority: 'high', due: 15, end: 'done', steps: [7, 8, 14] },
    { agency: 'port', by: 'port', t: 8, title: T('中英文广播通知候检旅客延误', 'Announce the delay to waiting passengers in both languages'), priority: 'normal', end: 'done', steps: [8.6, 9.1, 10.5] },
    { agency: 'port', t: 27, title: T('转运后对B厅进行终末消毒', 'Disinfect hall B after the transfer'), priority: 'high', due: 40, end: 'done', hold: T('区疾控消毒队尚未到达', 'The district disinfection team has not arrived yet'), steps: [28, 50, 52, 57, 68] },
    // Medical
    { agency: 'medical', t: 2.5, title: T('负压救护车前往客运码头', 'Negative-pressure ambulance to the ferry terminal'), priority: 'urgent', due: 20, end: 'done', steps: [3.1, 3.6, 17.5] },
    { agency: 'medical', t: 18, title: T('将旅客转运至定点医院', 'Transfer the passenger to the designated hospital'), priority: 'urgent', due: 15, end: 'done', steps: [18.6, 21, 27], assign: { after: 1, who: T('负压车组2', 'Negative-pressure crew 2') } },
    { agency: 'medical', t: 32, title: T('为23名密接者测量体温', 'Take the temperatures of the 23 close contacts'), priority: 'high', due: 20, end: 'done', steps: [33, 34, 47] },
    // Police
    { agency: 'police', t: 3, title: T('维持B到达大厅秩序', 'Keep order in arrivals hall B'), priority: 'high', end: 'done', steps: [4, 9.5, 50] },
    { agency: 'police', t: 19, title: T('护送转运车辆至定点医院', 'Escort the transfer to the hospital'), priority: 'high', due: 10, end: 'done', steps: [19.6, 21.1, 28] },
    { agency: 'police', t: 14, title: T('阻止媒体进入封闭区域', 'Keep the press out of the closed section'), priority: 'normal', end: 'cancelled', reason: T('未见媒体到场，封闭区即将解除', 'No press came, and the section reopens soon'), steps: [15, 40] },
  ],
  messages: [
    { t: 0.3, by: 'customs', text: T('“海晨6号”一名入境旅客体温38.9℃、咳嗽，自述接触过确诊病例。', 'A passenger off Hai Chen 6: 38.9 °C, coughing, reports contact with a confirmed case.') },
    { t: 0.6, by: 'commander', text: T('演练开始：旅检现场疑似传染病病例，各单位按预案B响应。', 'Drill start: a suspected infectious case at passenger screening. All agencies respond per plan B.') },
    { t: 2.3, by: 'border', text: T('同航次旅客146人已在3号通道暂留。', 'All 146 passengers of the voyage are held in channel 3.') },
    { t: 4.8, by: 'customs', alert: true, text: T('疑似病例：B厅2区立即封闭，区内人员全部佩戴N95口罩！', 'Suspected case: close section 2 of hall B now; everyone there puts on an N95 mask!') },
    { t: 8.7, by: 'customs', text: T('旅客已转入隔离留验室。', 'The passenger is in the quarantine room.') },
    { t: 13.2, by: 'border', to: 'customs', text: T('旅客名单及联系方式已发送。', 'Passenger list and contact details sent.') },
    { t: 17.7, by: 'medical', text: T('负压救护车已到达。', 'Transfer vehicle arrived.') },
    { t: 27.3, by: 'medical', text: T('旅客已送达定点医院。', 'The passenger has reached the designated hospital.') },
    { t: 31.2, by: 'customs', text: T('密切接触者已排查：23人。', 'Contacts identified: 23.') },
    { t: 38.5, by: 'border', text: T('非密接旅客开始分批登记放行。', 'Passengers not in contact are being registered and released in groups.') },
    { t: 44.5, by: 'customs', text: T('样本已送达实验室，预计4小时后出结果。', 'The samples are at the lab; results expected in 4 hours.') },
    { t: 52.4, by: 'port', text: T('消毒队尚未到达，B厅消毒暂停。', 'The disinfection team has not arrived; hall B disinfection is paused.') },
    { t: 68.3, by: 'port', text: T('B厅已完成消毒。', 'Hall B disinfected.') },
    { t: 72, by: 'commander', text: T('演练结束，各单位收队，30分钟后召开复盘会。', 'End of drill. All agencies stand down; debrief in 30 minutes.') },
  ],
};

/** C: a fire in a bonded-zone warehouse holding lithium batteries and textiles, severity II. */
export const WAREHOUSE_FIRE_DRILL: DemoScenario = {
  scenario: 'fire',
  incident: {
    title: T('综合保税区3号仓库火灾', 'Fire in warehouse 3 of the bonded zone'),
    description: T(
      '3号仓库烟感报警并可见明火，库内存放锂电池和纺织品。演练脚本C。',
      'Smoke alarm and visible fire in warehouse 3, which holds lithium batteries and textiles. Drill script C.',
    ),
    location: T('综合保税区3号仓库', 'Bonded zone, warehouse 3'),
  },
  severity: 'II',
  agencies: ['customs', 'fire', 'port', 'medical', 'police'],
  spanMin: 110,
  agencySteps: {
    port: [0.3, 0.5, 1, 107],
    fire: [0.5, 1, 7, 106],
    police: [1.5, 3, 9, 103.5],
    medical: [2, 3, 11, 92],
    customs: [2.5, 4, 15, 106.5],
  },
  changes: [
    {
      t: 10,
      make: (s, txt) => ({
        type: 'UpdateIncident',
        expectedVersion: s.version,
        description: `${s.description}\n${txt(T('库存清单：保税锂电池约12吨、纺织品约30吨。', 'Stock list: about 12 t of lithium batteries and 30 t of textiles under bond.'))}`,
      }),
    },
    { t: 58.5, make: (s) => ({ type: 'ChangePhase', expectedVersion: s.version, phase: 'containment' }) },
    { t: 80, make: (s) => ({ type: 'ChangePhase', expectedVersion: s.version, phase: 'recovery' }) },
    { t: 108.3, make: (s) => ({ type: 'ChangePhase', expectedVersion: s.version, phase: 'closed' }) },
  ],
  tasks: [
    // Fire and rescue
    { agency: 'fire', t: 1, title: T('扑救3号仓库火灾', 'Attack the fire in warehouse 3'), priority: 'urgent', end: 'done', steps: [1.6, 7.5, 58] },
    { agency: 'fire', t: 3, title: T('冷却保护相邻2号、4号仓库', 'Cool and protect warehouses 2 and 4'), priority: 'urgent', end: 'done', steps: [3.6, 9, 62] },
    { agency: 'fire', t: 6, title: T('搜索3号仓库夹层有无被困人员', 'Search the mezzanine of warehouse 3 for anyone left'), priority: 'urgent', due: 10, end: 'done', steps: [6.6, 8, 14] },
    { agency: 'fire', t: 18, title: T('锂电池火灾：持续浸水冷却电池堆垛', 'Battery fire: flood the lithium stacks and keep them cool'), priority: 'high', end: 'done', hold: T('供水压力不足，等待接力泵到位', 'Water pressure too low; waiting for the relay pump'), steps: [19, 20, 26, 33, 75] },
    { agency: 'fire', by: 'fire', t: 60, title: T('使用热成像监测复燃', 'Watch for re-ignition with thermal cameras'), priority: 'normal', end: 'done', steps: [61, 62, 105] },
    // Port operator (the bonded zone's operator)
    { agency: 'port', t: 1, title: T('清点2至4号仓库疏散人数', 'Head count of everyone evacuated from warehouses 2 to 4'), priority: 'urgent', due: 10, end: 'done', steps: [1.6, 2.1, 12] },
    { agency: 'port', t: 2, title: T('切断3号仓库电源', 'Shut off the power to warehouse 3'), priority: 'urgent', due: 5, end: 'done', steps: [2.6, 3.1, 4.5] },
    { agency: 'port', t: 2.5, title: T('向指挥部提供平面图及库存清单', 'Bring the site plan and the stock list to the command post'), priority: 'high', due: 10, end: 'done', steps: [3.1, 4, 9.5] },
    { agency: 'port', by: 'port', t: 12, title: T('打开2号、3号门消防通道', 'Open the fire lanes at gates 2 and 3'), priority: 'high', due: 5, end: 'done', steps: [12.6, 13.1, 16] },
    // The brief's hazard found and rectified: found on patrol by customs, owned by the operator, due in 24 h.
    { agency: 'port', by: 'customs', t: 85, title: T('5号仓库消防门被托盘堵塞', 'Fire door of warehouse 5 blocked by pallets'), priority: 'normal', due: 24 * 60, end: 'done', location: T('5号仓库东侧', 'Warehouse 5, east side'), steps: [86, 90, 101], reason: T('托盘已移走，消防门恢复畅通；整改照片编号 IMG-0412。', 'Pallets moved, the fire door is clear again; photo IMG-0412 in the patrol record.') },
    // Customs
    { agency: 'customs', t: 5, title: T('暂停保税区货物进出', 'Stop goods moving in or out of the zone'), priority: 'urgent', due: 10, end: 'done', steps: [5.6, 6.1, 8] },
    { agency: 'customs', by: 'customs', t: 15.5, title: T('现场监管保税货物', 'Supervise the goods under bond at the scene'), priority: 'high', end: 'done', steps: [16.1, 17, 95] },
    { agency: 'customs', t: 62, title: T('登记受损及移动的货物', 'Record what is damaged or moved'), priority: 'high', due: 30, end: 'done', steps: [63, 65, 96] },
    { agency: 'customs', t: 96.5, title: T('对3号仓库施加关封', 'Seal warehouse 3'), priority: 'high', due: 10, end: 'done', steps: [97.1, 97.6, 103] },
    // Police
    { agency: 'police', t: 2, title: T('设置3号仓库警戒区', 'Cordon around warehouse 3'), priority: 'urgent', due: 10, end: 'done', steps: [3, 4, 9.2] },
    { agency: 'police', t: 4, title: T('园区道路交通管制', 'Traffic control on the zone road'), priority: 'high', end: 'done', steps: [5, 9.5, 99] },
    { agency: 'police', t: 30, title: T('配合调查起火原因', 'Help find the cause of the fire'), priority: 'normal', end: 'cancelled', reason: T('移交火灾调查组，演练后续办', 'Handed to the fire investigators after the drill'), steps: [31, 102] },
    // Medical
    { agency: 'medical', t: 4, title: T('在园区门口设立医疗点', 'Medical post at the zone gate'), priority: 'high', due: 15, end: 'done', steps: [5, 6, 11.5] },
    { agency: 'medical', t: 13, title: T('救治一名吸入烟雾的仓库工人', 'Treat a warehouse worker for smoke inhalation'), priority: 'urgent', due: 10, end: 'done', steps: [13.6, 14.1, 22] },
    { agency: 'medical', t: 45, title: T('在轮换点检查消防员中暑情况', 'Check firefighters for heat stress at the rest point'), priority: 'normal', end: 'done', steps: [46, 47, 85] },
  ],
  messages: [
    { t: 0.2, by: 'port', text: T('3号仓库烟感报警，可见明火，库内存有锂电池和纺织品。', 'Smoke alarm and visible fire in warehouse 3; it holds lithium batteries and textiles.') },
    { t: 0.6, by: 'commander', text: T('演练开始：综合保税区3号仓库火灾，各单位按预案C响应。', 'Drill start: fire in warehouse 3 of the bonded zone. All agencies respond per plan C.') },
    { t: 4.7, by: 'port', text: T('3号仓库已断电。', 'Power to warehouse 3 is off.') },
    { t: 7.3, by: 'fire', text: T('已到场，两支水枪进攻，两支冷却相邻仓库。', 'On scene: two lines on the fire, two cooling the warehouses next to it.') },
    { t: 12.3, by: 'port', text: T('疏散人数已清点：共87人，无人失联。', 'Head count done: 87 people, nobody missing.') },
    { t: 14.5, by: 'fire', alert: true, text: T('锂电池堆垛发生爆燃，所有人员立即退至50米外！', 'The lithium stacks flared up: everyone back 50 m now!') },
    { t: 22.3, by: 'medical', text: T('吸入烟雾的工人已处置，送医观察。', 'The worker with smoke inhalation is treated and on the way to hospital for observation.') },
    { t: 26.5, by: 'fire', to: 'port', text: T('供水压力不足，请开启园区消防泵。', "Water pressure too low: start the zone's fire pump.") },
    { t: 33.3, by: 'port', text: T('接力泵已到位，水压恢复。', 'Relay pump in place; pressure is back.') },
    { t: 58.2, by: 'fire', text: T('火势已控制。', 'Fire under control.') },
    { t: 75.3, by: 'fire', text: T('电池堆垛温度已降至40℃以下。', 'The battery stacks are below 40 °C.') },
    { t: 96.3, by: 'customs', text: T('受损保税货物已登记：锂电池约3.2吨，纺织品约11吨。', 'Damaged goods under bond recorded: about 3.2 t of batteries and 11 t of textiles.') },
    { t: 103.3, by: 'customs', text: T('3号仓库已施封。', 'Warehouse 3 is sealed.') },
    { t: 107, by: 'commander', text: T('演练结束，热成像监测移交园区值班人员。', "End of drill; the thermal watch is handed to the zone's duty team.") },
  ],
};
