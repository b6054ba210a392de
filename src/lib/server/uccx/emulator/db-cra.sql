-- The tables of a Cisco UCCX 12.x `db_cra` database that a wallboard reads, with the names and columns of the
-- Cisco "Unified CCX Database Schema Guide" and PostgreSQL types standing in for Informix's:
--   decimal(18) → numeric(18,0), datetime year to fraction(3) → timestamp(3), datetime year to second →
--   timestamp(0), nvarchar(n) → varchar(n), boolean → boolean, char(n) → char(n).
-- Times are UTC, as UCCX stores them (gmtOffset 0). Unquoted names fold to lower case, as Informix's do.
-- The emulator (site.ts) writes these rows when UCCX would; the connector reads them through ODBC with Debian's
-- PostgreSQL driver, so that only the driver differs from a real site. Columns the emulator has no use for are
-- kept (nullable) so that `SELECT *` looks like the real thing.

-- Real-time snapshot of each CSQ, rewritten at every snapshot interval (Tools > Real Time Snapshot Config).
CREATE TABLE RtCSQsSummary (
	csqName varchar(50) NOT NULL PRIMARY KEY,
	loggedInAgents integer,
	availableAgents integer,
	unavailableAgents integer,
	totalCalls integer,
	oldestContact integer, -- milliseconds
	callsHandled integer,
	callsAbandoned integer,
	callsDequeued integer,
	avgTalkDuration integer, -- milliseconds
	avgWaitDuration integer,
	longestTalkDuration integer,
	longestWaitDuration integer,
	callsWaiting integer,
	startDateTime timestamp(0), -- when the cumulative counters started
	endDateTime timestamp(0), -- when the row was last written
	convAvgTalkDuration char(8),
	convAvgWaitDuration char(8),
	convLongestTalkDuration char(8),
	convLongestWaitDuration char(8),
	convOldestContact char(8),
	talkingAgents integer,
	workingAgents integer,
	reservedAgents integer
);

-- The same counters for the whole system, one row per contact type.
CREATE TABLE RtICDStatistics (
	type varchar(50) NOT NULL PRIMARY KEY,
	totalCSQs integer,
	loggedInAgents integer,
	availableAgents integer,
	unavailableAgents integer,
	totalCalls integer,
	callsWaiting integer,
	callsHandled integer,
	callsAbandoned integer,
	avgTalkDuration integer,
	avgWaitDuration integer,
	longestTalkDuration integer,
	longestWaitDuration integer,
	oldestContact integer,
	startDateTime timestamp(0),
	endDateTime timestamp(0),
	convAvgTalkDuration char(8),
	convAvgWaitDuration char(8),
	convLongestTalkDuration char(8),
	convLongestWaitDuration char(8),
	convOldestContact char(8),
	talkingAgents integer,
	workingAgents integer,
	reservedAgents integer
);

-- One row per call leg, written when the leg ends, after the agent's wrap-up for a call an agent took.
CREATE TABLE ContactCallDetail (
	sessionID numeric(18, 0) NOT NULL,
	sessionSeqNum smallint NOT NULL,
	nodeID smallint NOT NULL,
	profileID integer NOT NULL,
	contactType smallint,
	contactDisposition smallint,
	dispositionReason varchar(100),
	originatorType smallint,
	originatorID integer,
	originatorDN varchar(30),
	destinationType smallint,
	destinationID integer,
	destinationDN varchar(30),
	startDateTime timestamp(3) NOT NULL,
	endDateTime timestamp(3),
	gmtOffset smallint,
	calledNumber varchar(30),
	origCalledNumber varchar(30),
	applicationTaskID numeric(18, 0),
	applicationID integer,
	applicationName varchar(30),
	connectTime smallint,
	customVariable1 varchar(40),
	customVariable2 varchar(40),
	accountNumber varchar(40),
	callerEnteredDigits varchar(40),
	badCallTag char(1),
	transfer boolean,
	redirect boolean,
	conference boolean,
	flowout boolean,
	metServiceLevel boolean,
	campaignID integer,
	origProtocolCallRef varchar(32),
	destProtocolCallRef varchar(32),
	callResult smallint,
	dialingListID integer,
	PRIMARY KEY (sessionID, sessionSeqNum, nodeID, profileID)
);
CREATE INDEX contactcalldetail_start ON ContactCallDetail (startDateTime);

-- One row per CSQ a leg was queued to, written when the caller hangs up.
CREATE TABLE ContactQueueDetail (
	sessionID numeric(18, 0) NOT NULL,
	sessionSeqNum smallint NOT NULL,
	profileID integer NOT NULL,
	nodeID smallint NOT NULL,
	targetID integer NOT NULL,
	targetType smallint NOT NULL,
	qIndex smallint NOT NULL,
	queueOrder smallint,
	disposition smallint,
	metServiceLevel boolean,
	queueTime smallint, -- seconds
	startDateTime timestamp(3),
	endDateTime timestamp(3),
	PRIMARY KEY (sessionID, sessionSeqNum, profileID, nodeID, targetID, targetType, qIndex)
);

-- Which scripts and applications a call went through, written when the caller hangs up.
CREATE TABLE ContactRoutingDetail (
	sessionID numeric(18, 0) NOT NULL,
	sessionSeqNum smallint NOT NULL,
	nodeID smallint NOT NULL,
	profileID integer NOT NULL,
	startDateTime timestamp(3),
	endDateTime timestamp(3),
	gmtOffset smallint,
	qIndex smallint,
	PRIMARY KEY (sessionID, sessionSeqNum, nodeID, profileID)
);

-- One row per agent per leg (ringing, talk, hold, wrap-up), written when the agent's wrap-up ends.
CREATE TABLE AgentConnectionDetail (
	sessionID numeric(18, 0) NOT NULL,
	sessionSeqNum smallint NOT NULL,
	nodeID smallint NOT NULL,
	profileID integer NOT NULL,
	resourceID integer NOT NULL,
	startDateTime timestamp(3) NOT NULL, -- the phone starts to ring
	endDateTime timestamp(3),
	qIndex smallint NOT NULL,
	gmtOffset smallint,
	ringTime smallint, -- seconds
	talkTime smallint,
	holdTime smallint,
	workTime smallint,
	callWrapupData varchar(40),
	callResult smallint,
	dialingListID integer,
	PRIMARY KEY (sessionID, sessionSeqNum, nodeID, profileID, resourceID, startDateTime, qIndex)
);

-- Every change of agent state, written at once.
CREATE TABLE AgentStateDetail (
	agentID integer NOT NULL,
	eventDateTime timestamp(3) NOT NULL,
	gmtOffset smallint,
	eventType smallint NOT NULL,
	reasonCode integer NOT NULL,
	profileID integer NOT NULL,
	PRIMARY KEY (agentID, eventDateTime, eventType, reasonCode, profileID)
);
CREATE INDEX agentstatedetail_time ON AgentStateDetail (eventDateTime);

-- CSQs: a new row (new recordID) every time a CSQ is edited; the old one becomes inactive.
CREATE TABLE ContactServiceQueue (
	contactServiceQueueID integer NOT NULL,
	profileID integer NOT NULL,
	csqName varchar(50) NOT NULL,
	resourcePoolType smallint,
	resourceGroupID integer,
	selectionCriteria varchar(30),
	skillGroupID integer,
	serviceLevel integer,
	serviceLevelPercentage smallint,
	active boolean,
	autoWork boolean,
	dateInactive timestamp(3),
	queueAlgorithm varchar(30),
	recordID integer NOT NULL PRIMARY KEY,
	orderList varchar(30),
	wrapupTime smallint,
	queueType smallint
);

-- Agents: the same new-row-on-edit rule.
CREATE TABLE Resource (
	resourceID integer NOT NULL,
	profileID integer NOT NULL,
	resourceLoginID varchar(50) NOT NULL,
	resourceName varchar(50),
	resourceGroupID integer,
	resourceType smallint,
	active boolean,
	autoAvail boolean,
	extension varchar(50),
	orderInRG integer,
	dateInactive timestamp(3),
	resourceSkillMapID integer,
	assignedTeamID integer,
	resourceFirstName varchar(50),
	resourceLastName varchar(50),
	PRIMARY KEY (resourceID, profileID)
);

-- Not-ready and logout reason codes with the labels the site gave them in Finesse.
CREATE TABLE ReasonCodeLabelMap (
	code integer NOT NULL,
	category varchar(20) NOT NULL,
	label varchar(40),
	PRIMARY KEY (code, category)
);

CREATE TABLE Team (
	teamID integer NOT NULL,
	profileID integer NOT NULL,
	teamName varchar(50) NOT NULL,
	active boolean,
	dateInactive timestamp(3),
	PRIMARY KEY (teamID, profileID)
);

-- Skills, and which agents and CSQs have them: a skill-based CSQ (resourcePoolType 2) is served by the agents whose
-- skill map (Resource.resourceSkillMapID) holds a skill of its skill group (ContactServiceQueue.skillGroupID); a
-- resource-group CSQ (resourcePoolType 1) by the agents of its resource group.
CREATE TABLE Skill (
	skillID integer NOT NULL,
	profileID integer NOT NULL,
	skillName varchar(50) NOT NULL,
	active boolean,
	dateInactive timestamp(3),
	PRIMARY KEY (skillID, profileID)
);

CREATE TABLE SkillGroup (
	skillGroupID integer NOT NULL,
	skillID integer NOT NULL,
	profileID integer NOT NULL,
	competenceLevel smallint,
	active boolean,
	dateInactive timestamp(3),
	PRIMARY KEY (skillGroupID, skillID, profileID)
);

CREATE TABLE ResourceSkillMapping (
	resourceSkillMapID integer NOT NULL,
	skillID integer NOT NULL,
	profileID integer NOT NULL,
	competencelevel smallint,
	active boolean,
	PRIMARY KEY (resourceSkillMapID, skillID, profileID)
);

CREATE TABLE ResourceGroup (
	resourceGroupID integer NOT NULL,
	profileID integer NOT NULL,
	resourceGroupName varchar(50),
	active boolean,
	dateInactive timestamp(3),
	PRIMARY KEY (resourceGroupID, profileID)
);
